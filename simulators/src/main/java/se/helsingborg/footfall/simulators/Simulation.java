package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.List;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Visitors and devices together: each simulated minute, the visitors' crossings are counted by the
 * devices, and the uplinks due by the end of the minute come out, in time order.
 */
public final class Simulation {
    private final VisitorSimulation visitors;
    private final DeviceFleet devices;

    public Simulation(SiteModel site, long seed, Instant start) {
        this.visitors = new VisitorSimulation(site, seed, start);
        this.devices = new DeviceFleet(site);
    }

    /** The start of the next minute to simulate. */
    public Instant clock() {
        return visitors.clock();
    }

    public List<SimulatedMessage> nextMinute() {
        Instant from = visitors.clock();
        visitors.nextMinute().forEach(devices::count);
        return devices.report(from, visitors.clock());
    }

    public GroundTruth truth() {
        return visitors.truth();
    }
}
