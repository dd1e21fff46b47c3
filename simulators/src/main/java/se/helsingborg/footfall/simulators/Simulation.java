package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.List;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Visitors, devices and the network together: each simulated minute, the visitors' crossings are
 * counted by the devices, and the messages that reach the broker by the end of the minute come
 * out, in the order they arrive. With {@link Faults#NONE} (the default) every device counts
 * exactly and every uplink arrives once, on time.
 */
public final class Simulation {
    private final VisitorSimulation visitors;
    private final DeviceFleet devices;
    private final Network network;

    public Simulation(SiteModel site, long seed, Instant start) {
        this(site, seed, start, Faults.NONE);
    }

    public Simulation(SiteModel site, long seed, Instant start, Faults faults) {
        this(site, seed, start, faults, Scenario.defaults());
    }

    public Simulation(SiteModel site, long seed, Instant start, Faults faults, Scenario scenario) {
        this.visitors = new VisitorSimulation(site, seed, start, scenario);
        FaultSchedule schedule = new FaultSchedule(seed, visitors.clock());
        this.devices = new DeviceFleet(site, faults, schedule, visitors.clock());
        this.network = new Network(faults, schedule);
    }

    /** The start of the next minute to simulate. */
    public Instant clock() {
        return visitors.clock();
    }

    public List<SimulatedMessage> nextMinute() {
        Instant from = visitors.clock();
        List<GateCrossing> crossings = visitors.nextMinute();
        return network.deliver(devices.advance(crossings, from, visitors.clock()), visitors.clock());
    }

    /** Messages the network still holds when the simulation ends (a gateway's unflushed buffer). */
    public List<SimulatedMessage> remaining() {
        return network.drain();
    }

    public GroundTruth truth() {
        return visitors.truth();
    }
}
