package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * One device of a load run: a copy of a site file's device (its model, envelope, lines and zone)
 * under an id and gates of its own, run as the simulation runs its devices ({@link DeviceFleet},
 * {@link Firmware}, {@link NetworkServer}), but reporting whenever the load's schedule says and
 * counting random people instead of simulated visitors.
 */
final class LoadDevice {
    /** The zone of the load's site file that every load gate leads into. */
    static final String ZONE = "load-zone";
    /** The one site of the load's site file; Footfall JSON devices name it in their topics. */
    static final String SITE = "load";

    private final int index;
    private final Device device;
    private final int zoneCapacity;
    private final SimulatedDevice sim;
    private final SplittableRandom random;
    private final String topicPrefix;
    /** Uplinks of the latest report still to send: a report may make more than one (Footfall JSON's totals on the hour). */
    private final ArrayDeque<DeviceUplink> pending = new ArrayDeque<>();
    /**
     * The people in the device's zone now: random arrivals and departures around {@link #usual},
     * never below zero or above capacity, so that a long run stays at the level it began with.
     */
    private int people;
    /** The zone's level over the run, drawn between empty and half full: zones of a site at some hour of the day. */
    private final int usual;

    /** Load device {@code index}, a copy of {@code template} whose zone holds {@code zoneCapacity} people. */
    LoadDevice(int index, Device template, int zoneCapacity, SplittableRandom random, String topicPrefix, Instant start) {
        this.index = index;
        this.zoneCapacity = zoneCapacity;
        this.random = random;
        this.topicPrefix = topicPrefix;
        Map<Integer, String> lines = new LinkedHashMap<>();
        template.lines().keySet().stream().sorted().forEach(line -> lines.put(line, gateId(index, line)));
        this.device = new Device(idFor(template.id(), index), template.model(), template.envelope(), lines,
                template.zone() == null ? null : zoneId(index), template.reportingIntervalSeconds(), template.sends());
        this.sim = DeviceFleet.emulate(device, index, zoneCapacity, SITE, random.split(), start);
        sim.periodStart = start.getEpochSecond() - 1;
        // A zone without a capacity counts as a room for fifty, as its climate does.
        this.usual = device.zone() == null ? 0 : random.nextInt((zoneCapacity > 0 ? zoneCapacity : 50) / 2 + 1);
        this.people = usual;
    }

    /**
     * The id of load device {@code index} copied from a device with id {@code templateId}: a
     * DevEUI keeps the template's first four bytes (its vendor's prefix) and numbers the rest; an
     * IP counter's name gets the number after a dash.
     */
    static String idFor(String templateId, int index) {
        if (templateId.matches("[0-9a-f]{16}")) {
            return templateId.substring(0, 8) + String.format("%08x", index);
        }
        return templateId + "-" + index;
    }

    static String gateId(int index, int line) {
        return "load-gate-" + index + "-" + line;
    }

    static String zoneId(int index) {
        return ZONE + "-" + index;
    }

    Device device() {
        return device;
    }

    int zoneCapacity() {
        return zoneCapacity;
    }

    /** The device's next message, sent at {@code now}: of its latest report, or of a new one. */
    SimulatedMessage next(Instant now) {
        for (int attempt = 0; pending.isEmpty(); attempt++) {
            if (attempt == 2) {
                throw new IllegalStateException("load device " + device.id() + " (" + device.model() + ") sends nothing");
            }
            report(now);
        }
        SimulatedMessage m = pending.poll().message();
        return topicPrefix.isEmpty() ? m : new SimulatedMessage(m.time(), topicPrefix + m.topic(), m.payload());
    }

    private void report(Instant now) {
        for (SimulatedDevice.Line line : sim.lines.values()) {
            long in = random.nextInt(4);
            long out = random.nextInt(4);
            line.periodIn += in;
            line.totalIn += in;
            line.periodOut += out;
            line.totalOut += out;
        }
        if (device.zone() != null) {
            int most = zoneCapacity > 0 ? zoneCapacity : Integer.MAX_VALUE;
            people = Math.max(0, Math.min(most, people + random.nextInt(4) - random.nextInt(4) + Integer.signum(usual - people)));
        }
        if (sim.battery != null && sim.battery.empty()) {
            // A long load run drains the cells far faster than a year's reporting would; new cells restart the device.
            DeviceFleet.reboot(sim, now);
        }
        long second = now.getEpochSecond();
        // At load rates a device reports many times a second; a period is at least the one second a report's clock can tell.
        sim.periodStart = Math.min(sim.periodStart, second - 1);
        List<Integer> visitors = List.of();
        if (device.sendsPresence()) {
            // The same people stay while they are counted in, so a sniffer hears the same phones report after report.
            visitors = new ArrayList<>(people);
            for (int v = 0; v < people; v++) {
                visitors.add((int) ((index * 1_000_003L + v) & Integer.MAX_VALUE));
            }
        }
        pending.addAll(DeviceFleet.report(sim, now, second, people, visitors, sent -> false));
    }
}
