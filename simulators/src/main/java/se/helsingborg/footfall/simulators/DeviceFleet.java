package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * Every device of the site file, reporting as its model does: at every reporting interval of its
 * own clock an uplink with the vendor fields its {@link Firmware} fills in (line counts, the people
 * in its zone, the air, the battery), encoded by the model's codec and published through the
 * device's network server ({@link NetworkServer}) with a frame counter that rises by one per
 * uplink. Crossings and reports are taken in time order, so a report carries exactly the crossings
 * before it, and an area count the true people in its zone at that moment.
 *
 * <p>The device-side faults live here: counters that miss people ({@link MissRate}), a clock that
 * is off ({@link Fault#SKEW}), uplinks lost while offline ({@link Fault#OFFLINE}), reboots that
 * zero the counters and the frame counter ({@link Fault#REBOOT}; on a battery model, the reboot
 * that new cells cause), 16-bit totals that wrap ({@link Fault#WRAP}, on the models whose totals
 * are 16-bit) and bursts of reports ({@link Fault#BURST}). They draw from random streams of their
 * own, never from the visitors', so the truth is the same with faults on or off.
 */
public final class DeviceFleet {
    static final String APPLICATION = "footfall-sim";
    /** How much faster than usual devices report during a burst. */
    static final int BURST_FACTOR = 30;
    static final Duration BURST_LENGTH = Duration.ofMinutes(5);

    private final SiteModel site;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<String, List<SimulatedDevice.Line>> linesByGate = new HashMap<>();
    /** The true people in each zone now, as the crossings so far leave it (what an area counter sees). */
    private final Map<String, Integer> people = new HashMap<>();
    /** Who is in each zone now, in the order they came (what a presence sensor sees). */
    private final Map<String, java.util.Set<Integer>> visitorsIn = new HashMap<>();
    private final Faults faults;
    private final FaultSchedule schedule;
    private final SplittableRandom missRandom;

    private record Event(Instant time, SimulatedDevice device, boolean reboot, long deviceSecond) {}

    DeviceFleet(SiteModel site, Faults faults, FaultSchedule schedule, Instant start) {
        this.site = site;
        this.faults = faults;
        this.schedule = schedule;
        this.missRandom = schedule.missedPeople();
        site.zones().forEach(z -> people.put(z.id(), 0));
        site.zones().forEach(z -> visitorsIn.put(z.id(), new java.util.LinkedHashSet<>()));
        for (Device d : site.devices()) {
            devices.add(emulate(d, devices.size(), start));
        }
        if (faults.has(Fault.SKEW) && !devices.isEmpty()) {
            SplittableRandom r = schedule.random(Fault.SKEW, -1);
            SimulatedDevice skewed = devices.get(r.nextInt(devices.size()));
            skewed.skewSeconds = (10 + r.nextLong(41)) * (r.nextBoolean() ? 1 : -1);
        }
        for (SimulatedDevice d : devices) {
            long interval = d.device.reportingIntervalSeconds();
            d.lastReport = Math.floorDiv(start.getEpochSecond() + d.skewSeconds, interval) * interval;
            d.periodStart = d.lastReport;
            d.wrapFault = faults.has(Fault.WRAP);
            if (faults.has(Fault.WRAP) && d.firmware.sixteenBitTotals(true)) {
                // A 16-bit counter that has run for a while: close enough to the top to wrap today.
                SplittableRandom r = schedule.random(Fault.WRAP, d.index);
                for (SimulatedDevice.Line line : d.lines.values()) {
                    line.totalIn = 0x1_0000 - 50 - r.nextLong(400);
                    line.totalOut = 0x1_0000 - 50 - r.nextLong(400);
                }
            }
        }
    }

    /** The simulated device for one of the site file's, its lines wired to the gates they count. */
    private SimulatedDevice emulate(Device d, int index, Instant start) {
        int capacity = d.zone() == null ? 0 : site.zone(d.zone()).capacity();
        SimulatedDevice sim = emulate(d, index, capacity, siteOf(d), schedule.sensor(index), start);
        sim.lines.forEach((number, line) -> linesByGate.computeIfAbsent(d.lines().get(number), g -> new ArrayList<>()).add(line));
        return sim;
    }

    /**
     * A simulated device as its model works, or a clear error when the simulator cannot run it as
     * the site file says: {@code zoneCapacity} of the zone it watches (0 for none), {@code siteId}
     * the site its messages name. Its lines are not yet wired to any gate. The load generator
     * makes its devices here too, so that they are the same devices as the simulation's.
     */
    static SimulatedDevice emulate(Device d, int index, int zoneCapacity, String siteId, SplittableRandom sensor, Instant start) {
        DeviceCodec codec = DeviceCodecs.forModel(d.model()).orElseThrow(() ->
                new IllegalArgumentException("device " + d.id() + ": no codec for model " + d.model()));
        Firmware firmware = Firmware.of(d);
        for (int line : d.lines().keySet()) {
            if (line < 1 || line > firmware.lines()) {
                throw new IllegalArgumentException("device " + d.id() + ": model " + d.model() + (firmware.lines() == 0
                        ? " counts no lines, but the site file maps line " + line
                        : " has counting lines 1 to " + firmware.lines() + ", not " + line));
            }
        }
        if (firmware.lines() > 0 && d.lines().isEmpty() && !(d.zone() != null && firmware.mayCountArea())) {
            throw new IllegalArgumentException("device " + d.id() + ": model " + d.model()
                    + " counts people through a gate, but the site file gives it no gate (gate: or lines:)");
        }
        if (firmware.countsArea() && d.zone() == null) {
            throw new IllegalArgumentException("device " + d.id() + ": model " + d.model()
                    + " counts the people in a zone, but the site file gives it no zone");
        }
        SimulatedDevice sim = new SimulatedDevice(index, d, codec, NetworkServer.of(d, siteId), firmware, sensor, zoneCapacity, start);
        for (int number : d.lines().keySet()) {
            sim.lines.put(number, new SimulatedDevice.Line(number));
        }
        return sim;
    }

    /** The site a device's messages belong to: that of the zone it watches, or of the zone inside its first gate. */
    private String siteOf(Device d) {
        String zone = d.zone();
        if (zone == null && !d.lines().isEmpty()) {
            Gate g = site.gate(d.lines().values().iterator().next());
            zone = g.to().equals(Gate.OUTSIDE) ? g.from() : g.to();
        }
        return zone == null ? site.sites().iterator().next().id() : site.zone(zone).site();
    }

    /** Counts a crossing on every line that watches its gate, unless the line misses it; the zones' true people follow it. */
    private void count(GateCrossing crossing) {
        for (SimulatedDevice.Line line : linesByGate.getOrDefault(crossing.gateId(), List.of())) {
            MissRate rates = faults.missRate();
            long at = crossing.time().toEpochMilli();
            long ahead = crossing.in() ? line.lastIn : line.lastOut;
            if (crossing.in()) {
                line.lastIn = at;
            } else {
                line.lastOut = at;
            }
            double miss = rates.of(crossing.in());
            if (miss > 0 && missRandom.nextDouble() < miss) {
                continue;
            }
            if (rates.group() > 0 && at - ahead < MissRate.GROUP_GAP_MILLIS && missRandom.nextDouble() < rates.group()) {
                continue; // one shape with the person ahead
            }
            if (crossing.in()) {
                line.periodIn++;
                line.totalIn++;
            } else {
                line.periodOut++;
                line.totalOut++;
            }
        }
        Gate gate = site.gate(crossing.gateId());
        String from = crossing.in() ? gate.from() : gate.to();
        String to = crossing.in() ? gate.to() : gate.from();
        List<Zone> left = site.ancestorsOrSelf(from);
        List<Zone> entered = site.ancestorsOrSelf(to);
        for (Zone z : left) {
            if (!entered.contains(z)) {
                people.merge(z.id(), -1, Integer::sum);
                visitorsIn.get(z.id()).remove(crossing.visitor());
            }
        }
        for (Zone z : entered) {
            if (!left.contains(z)) {
                people.merge(z.id(), 1, Integer::sum);
                visitorsIn.get(z.id()).add(crossing.visitor());
            }
        }
    }

    /**
     * Counts the crossings (in time order) of the span (from, to] and returns the uplinks the
     * devices sent in it, in time order. Crossings after the span's last report stay in the
     * devices' open periods.
     */
    List<DeviceUplink> advance(List<GateCrossing> crossings, Instant from, Instant to) {
        List<Event> events = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            reportTimes(d, to, events);
            if (faults.has(Fault.REBOOT)) {
                for (FaultSchedule.Window w : schedule.windows(Fault.REBOOT, d.index, from, 1, Duration.ZERO, Duration.ZERO)) {
                    if (w.from().isAfter(from) && !w.from().isAfter(to)) {
                        events.add(new Event(w.from(), d, true, 0));
                    }
                }
            }
        }
        events.sort(Comparator.comparing(Event::time).thenComparing(e -> e.device().index));
        List<DeviceUplink> out = new ArrayList<>();
        int next = 0;
        for (Event e : events) {
            while (next < crossings.size() && crossings.get(next).time().isBefore(e.time())) {
                count(crossings.get(next++));
            }
            if (e.reboot()) {
                reboot(e.device(), e.time());
            } else {
                out.addAll(uplinks(e.device(), e.time(), e.deviceSecond()));
            }
        }
        while (next < crossings.size()) {
            count(crossings.get(next++));
        }
        return out;
    }

    /**
     * The device's reports up to {@code to}, true time: whole reporting intervals of its own clock,
     * or whole fractions of them during a burst.
     */
    private void reportTimes(SimulatedDevice d, Instant to, List<Event> out) {
        long interval = d.device.reportingIntervalSeconds();
        long burstStep = Math.max(1, interval / BURST_FACTOR);
        long end = to.getEpochSecond() + d.skewSeconds;
        while (true) {
            long next = (Math.floorDiv(d.lastReport, interval) + 1) * interval;
            if (faults.has(Fault.BURST)) {
                long quick = (Math.floorDiv(d.lastReport, burstStep) + 1) * burstStep;
                Instant quickTrue = Instant.ofEpochSecond(quick - d.skewSeconds);
                if (schedule.windowAt(Fault.BURST, -1, quickTrue, 1, BURST_LENGTH, BURST_LENGTH) != null) {
                    next = quick;
                }
            }
            if (next > end) {
                return;
            }
            out.add(new Event(Instant.ofEpochSecond(next - d.skewSeconds), d, false, next));
            d.lastReport = next;
        }
    }

    /**
     * A reboot: the counters and the frame counter start again from zero (the device joins the
     * network again, and a new session counts frames from the start), and the open period is lost.
     * A battery model restarts when its cells are changed, so it comes back with a full charge; a
     * model on mains keeps no charge to reset.
     */
    static void reboot(SimulatedDevice d, Instant at) {
        for (SimulatedDevice.Line line : d.lines.values()) {
            line.periodIn = line.periodOut = line.totalIn = line.totalOut = 0;
        }
        d.fCnt = 0;
        d.motionTotal = 0;
        d.periodStart = at.getEpochSecond() + d.skewSeconds;
        if (d.battery != null) {
            d.battery.replace(at);
        }
    }

    /** What the device sends at {@code at} (its clock saying {@code deviceSecond}), each uplink encoded by its codec. */
    private List<DeviceUplink> uplinks(SimulatedDevice d, Instant at, long deviceSecond) {
        String zone = d.device.zone();
        return report(d, at, deviceSecond, zone == null ? 0 : Math.max(0, people.get(zone)),
                zone == null ? List.of() : List.copyOf(visitorsIn.get(zone)),
                sent -> faults.has(Fault.OFFLINE) && schedule.windowAt(Fault.OFFLINE, d.index, sent, 1,
                        Duration.ofMinutes(20), Duration.ofMinutes(90)) != null);
    }

    /**
     * One report of the device at {@code at} (its clock saying {@code deviceSecond}) with
     * {@code inZone} people and {@code visitors} in its zone: the battery and the air move on, its
     * firmware fills in the fields, the open period closes, and each uplink is encoded by the
     * model's codec; {@code lost} says which uplinks nobody hears (they still count a frame).
     * Shared with the load generator, so that load traffic is what the simulated devices send.
     */
    static List<DeviceUplink> report(SimulatedDevice d, Instant at, long deviceSecond, int inZone,
            Collection<Integer> visitors, Predicate<Instant> lost) {
        if (d.battery != null) {
            if (d.battery.empty()) {
                d.periodStart = deviceSecond;
                return List.of(); // flat cells: it sends nothing until they are changed
            }
            d.battery.drain(at);
        }
        d.climate.advance(at, inZone);
        boolean hourTurned = Math.floorDiv(deviceSecond, 3600) != Math.floorDiv(d.periodStart, 3600);
        List<Map<String, Object>> messages = d.firmware.report(d,
                new Firmware.Report(at, deviceSecond, deviceSecond - d.periodStart, inZone, hourTurned, visitors));
        d.periodStart = deviceSecond;
        for (SimulatedDevice.Line line : d.lines.values()) {
            line.periodIn = 0;
            line.periodOut = 0;
        }
        List<DeviceUplink> out = new ArrayList<>();
        for (Map<String, Object> fields : messages) {
            d.fCnt++;
            if (lost.test(at)) {
                continue; // sent, but nobody heard it: the period's counts are gone, the totals carry on
            }
            boolean radio = d.server.lorawan();
            if (!radio) {
                fields.put("id", d.fCnt); // Footfall JSON's message id: what tells a repeat from a new message
            }
            byte[] payload = d.codec.encode(fields);
            Uplink uplink = new Uplink(d.server.envelope(), null, d.device.id(), d.codec.fPort(), d.fCnt, at, payload,
                    radio ? -70.0 - (d.fCnt % 30) : null, radio ? 7.5 : null);
            out.add(new DeviceUplink(uplink, d.device, d.server));
        }
        return out;
    }
}
