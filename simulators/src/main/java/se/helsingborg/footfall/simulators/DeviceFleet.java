package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * The site file's line counters, counting simulated crossings and reporting as the real devices
 * do: at every reporting interval of their own clock an uplink with the period's counts and the
 * running totals per line, encoded by the model's codec, with a frame counter that rises by one per
 * uplink. Crossings and reports are taken in time order, so a report carries exactly the crossings
 * before it.
 *
 * <p>The device-side faults live here: counters that miss people ({@link MissRate}), a clock that
 * is off ({@link Fault#SKEW}), uplinks lost while offline ({@link Fault#OFFLINE}), reboots that
 * zero the counters ({@link Fault#REBOOT}), 16-bit totals that wrap ({@link Fault#WRAP}) and
 * bursts of reports ({@link Fault#BURST}). They draw from random streams of their own, never from
 * the visitors', so the truth is the same with faults on or off.
 */
public final class DeviceFleet {
    static final String APPLICATION = "footfall-sim";
    static final String TENANT = "ttn";
    /** How much faster than usual devices report during a burst. */
    static final int BURST_FACTOR = 30;
    static final Duration BURST_LENGTH = Duration.ofMinutes(5);

    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<String, List<Line>> linesByGate = new HashMap<>();
    private final Faults faults;
    private final FaultSchedule schedule;
    private final SplittableRandom missRandom;

    private static final class Line {
        final int number;
        long periodIn, periodOut, totalIn, totalOut;

        Line(int number) {
            this.number = number;
        }
    }

    private static final class SimulatedDevice {
        final int index;
        final Device device;
        final DeviceCodec codec;
        final Map<Integer, Line> lines = new LinkedHashMap<>();
        /** Seconds the device's clock is ahead of true time (negative: behind). */
        long skewSeconds;
        /** The device-clock second of its latest report. */
        long lastReport;
        long fCnt;

        SimulatedDevice(int index, Device device, DeviceCodec codec) {
            this.index = index;
            this.device = device;
            this.codec = codec;
        }

        String ttsId() {
            return "eui-" + device.id();
        }
    }

    private record Event(Instant time, SimulatedDevice device, boolean reboot) {}

    DeviceFleet(SiteModel site, Faults faults, FaultSchedule schedule, Instant start) {
        this.faults = faults;
        this.schedule = schedule;
        this.missRandom = schedule.missedPeople();
        for (Device d : site.devices()) {
            if (d.lines().isEmpty()) {
                continue; // not a line counter; other kinds of device arrive with their codecs
            }
            if (!d.envelope().equals(TtnV3Envelope.NAME)) {
                throw new IllegalArgumentException("device " + d.id() + ": the simulator emits " + TtnV3Envelope.NAME
                        + " uplinks so far, not " + d.envelope());
            }
            DeviceCodec codec = DeviceCodecs.forModel(d.model()).orElseThrow(() ->
                    new IllegalArgumentException("device " + d.id() + ": no codec for model " + d.model()));
            SimulatedDevice sim = new SimulatedDevice(devices.size(), d, codec);
            d.lines().forEach((number, gate) -> {
                Line line = new Line(number);
                sim.lines.put(number, line);
                linesByGate.computeIfAbsent(gate, g -> new ArrayList<>()).add(line);
            });
            devices.add(sim);
        }
        if (faults.has(Fault.SKEW) && !devices.isEmpty()) {
            SplittableRandom r = schedule.random(Fault.SKEW, -1);
            SimulatedDevice skewed = devices.get(r.nextInt(devices.size()));
            skewed.skewSeconds = (10 + r.nextLong(41)) * (r.nextBoolean() ? 1 : -1);
        }
        for (SimulatedDevice d : devices) {
            long interval = d.device.reportingIntervalSeconds();
            d.lastReport = Math.floorDiv(start.getEpochSecond() + d.skewSeconds, interval) * interval;
            if (faults.has(Fault.WRAP)) {
                // A 16-bit counter that has run for a while: close enough to the top to wrap today.
                SplittableRandom r = schedule.random(Fault.WRAP, d.index);
                for (Line line : d.lines.values()) {
                    line.totalIn = 0x1_0000 - 50 - r.nextLong(400);
                    line.totalOut = 0x1_0000 - 50 - r.nextLong(400);
                }
            }
        }
    }

    /** Counts a crossing on every line that watches its gate, unless the line misses it. */
    private void count(GateCrossing crossing) {
        for (Line line : linesByGate.getOrDefault(crossing.gateId(), List.of())) {
            double miss = faults.missRate().of(crossing.in());
            if (miss > 0 && missRandom.nextDouble() < miss) {
                continue;
            }
            if (crossing.in()) {
                line.periodIn++;
                line.totalIn++;
            } else {
                line.periodOut++;
                line.totalOut++;
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
                        events.add(new Event(w.from(), d, true));
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
                reboot(e.device());
            } else {
                DeviceUplink u = uplink(e.device(), e.time());
                if (u != null) {
                    out.add(u);
                }
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
            out.add(new Event(Instant.ofEpochSecond(next - d.skewSeconds), d, false));
            d.lastReport = next;
        }
    }

    private void reboot(SimulatedDevice d) {
        for (Line line : d.lines.values()) {
            line.periodIn = line.periodOut = line.totalIn = line.totalOut = 0;
        }
        d.fCnt = 0; // it joins the network again, and a new session counts frames from the start
    }

    private DeviceUplink uplink(SimulatedDevice d, Instant at) {
        Map<String, Object> fields = new LinkedHashMap<>();
        // Totals are uint32 on the device, or uint16 on a counter that wraps early.
        long mask = faults.has(Fault.WRAP) ? 0xFFFFL : 0xFFFF_FFFFL;
        for (Line line : d.lines.values()) {
            String p = "line_" + line.number + "_";
            fields.put(p + "total_in", line.totalIn & mask);
            fields.put(p + "total_out", line.totalOut & mask);
            fields.put(p + "period_in", line.periodIn);
            fields.put(p + "period_out", line.periodOut);
            line.periodIn = 0;
            line.periodOut = 0;
        }
        d.fCnt++;
        if (faults.has(Fault.OFFLINE) && schedule.windowAt(Fault.OFFLINE, d.index, at, 1,
                Duration.ofMinutes(20), Duration.ofMinutes(90)) != null) {
            return null; // sent, but no gateway heard it: the period's counts are gone, the totals carry on
        }
        byte[] payload = d.codec.encode(fields);
        Uplink uplink = new Uplink(TtnV3Envelope.NAME, null, d.device.id(), d.codec.fPort(), d.fCnt, at, payload,
                -70.0 - (d.fCnt % 30), 7.5);
        return new DeviceUplink(uplink, TtnV3Envelope.topic(APPLICATION, TENANT, d.ttsId()), d.ttsId());
    }
}
