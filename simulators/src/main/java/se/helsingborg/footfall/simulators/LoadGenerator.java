package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Traffic for benchmarks: {@code devices} devices taking turns to send at {@code rate} messages a
 * second in all, in real time. Message k is due {@code k / rate} seconds after the start, however
 * late the ones before it went out, so pacing errors do not add up over a run: a slow moment is
 * caught up by sending without pause.
 *
 * <p>The devices are copies of a site file's devices in turn (load device i copies device
 * i mod n), so the load has the site's mix of models and envelopes, and each encodes its
 * uplinks through its model's codec and its network server's envelope as the simulation's
 * devices do ({@link DeviceFleet}): what a message costs to decode is what it costs from the
 * real fleet. Without a site file the devices are Milesight VS133 line counters behind The
 * Things Stack.
 */
public final class LoadGenerator {
    /** The load's devices without a site file: one line counter, copied as often as asked. */
    private static final String VS133_ONLY = """
            timezone: UTC
            sites: [{id: load, name: Load}]
            zones: [{id: load-zone, site: load, capacity: 1000000, hours: always}]
            gates: [{id: load-gate, from: outside, to: load-zone}]
            devices:
              - {id: '24e1241300000000', model: milesight-vs133, envelope: ttn-v3, reporting_interval_s: 60, lines: {1: load-gate}}
            """;

    /**
     * What a run achieved.
     *
     * @param sentSeconds from the first message due to the last one handed over
     * @param seconds from the first message due until the sink had taken everything (the broker acknowledged it all)
     * @param maxLagMillis the furthest any message went out behind its due time
     */
    public record Report(long messages, double targetRate, double sentSeconds, double seconds, double maxLagMillis) {
        /** Messages a second over the whole run, the wait for the last acknowledgements included. */
        public double achievedRate() {
            return messages / seconds;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "%d messages in %.2f s: target %.0f/s, achieved %.0f/s (handed over in %.2f s, furthest behind schedule %.1f ms)",
                    messages, seconds, targetRate, achievedRate(), sentSeconds, maxLagMillis);
        }
    }

    private final double rate;
    private final List<LoadDevice> fleet = new ArrayList<>();

    public LoadGenerator(int devices, double rate, long seed) {
        this(devices, rate, seed, null);
    }

    /** Milesight VS133 counters only; see {@link #LoadGenerator(SiteModel, int, double, long, String)}. */
    public LoadGenerator(int devices, double rate, long seed, String topicPrefix) {
        this(SiteModel.parse(VS133_ONLY), devices, rate, seed, topicPrefix);
    }

    /**
     * {@code devices} copies of {@code models}' devices in turn. With a {@code topicPrefix}, every
     * topic starts with it and a slash, which takes the load out of every Footfall subscription:
     * for measuring the way to the broker alone without a running job (or a test) on the same
     * broker receiving it.
     */
    public LoadGenerator(SiteModel models, int devices, double rate, long seed, String topicPrefix) {
        if (devices < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("the load needs at least one device and a positive rate");
        }
        List<Device> templates = List.copyOf(models.devices());
        if (templates.isEmpty()) {
            throw new IllegalArgumentException("the load's site file has no devices to copy");
        }
        this.rate = rate;
        String prefix = topicPrefix == null || topicPrefix.isBlank() ? "" : topicPrefix.replaceAll("/+$", "") + "/";
        SplittableRandom random = new SplittableRandom(seed);
        Instant start = Instant.now();
        for (int i = 0; i < devices; i++) {
            Device template = templates.get(i % templates.size());
            int capacity = template.zone() == null ? 0 : models.zone(template.zone()).capacity();
            try {
                fleet.add(new LoadDevice(i, template, capacity, random.split(), prefix, start));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot copy device " + template.id() + " for the load: " + e.getMessage(), e);
            }
        }
    }

    /** The DevEUI (or, for an IP counter, the name) of load device {@code i}. */
    public String deviceId(int i) {
        return fleet.get(i).device().id();
    }

    /** The models the load's devices are, each once. */
    public Set<String> models() {
        Set<String> models = new LinkedHashSet<>();
        fleet.forEach(d -> models.add(d.device().model()));
        return models;
    }

    /**
     * A site file that knows the load's devices, so that the pipeline counts their messages rather
     * than rejecting them: one always-open zone with a gate from outside per counting line, and a
     * zone of its own inside it (the capacity of the copied device's zone) per device that
     * watches a zone.
     */
    public String siteFile() {
        StringBuilder zones = new StringBuilder("  - {id: " + LoadDevice.ZONE + ", site: " + LoadDevice.SITE
                + ", capacity: 1000000, hours: always}\n");
        StringBuilder gates = new StringBuilder();
        StringBuilder devices = new StringBuilder();
        for (LoadDevice load : fleet) {
            Device d = load.device();
            // Quoted: YAML reads an all-digit DevEUI such as 24e1241300000000 as a (huge) number.
            devices.append("  - {id: '").append(d.id().replace("'", "''")).append("', model: ").append(d.model())
                    .append(", envelope: ").append(d.envelope()).append(", reporting_interval_s: ")
                    .append(d.reportingIntervalSeconds());
            if (!d.lines().isEmpty()) {
                devices.append(", lines: {");
                String comma = "";
                for (var line : d.lines().entrySet()) {
                    gates.append("  - {id: ").append(line.getValue()).append(", from: outside, to: ").append(LoadDevice.ZONE).append("}\n");
                    devices.append(comma).append(line.getKey()).append(": ").append(line.getValue());
                    comma = ", ";
                }
                devices.append('}');
            }
            if (d.zone() != null) {
                zones.append("  - {id: ").append(d.zone()).append(", site: ").append(LoadDevice.SITE).append(", parent: ")
                        .append(LoadDevice.ZONE).append(", capacity: ").append(load.zoneCapacity()).append("}\n");
                devices.append(", zone: ").append(d.zone());
            }
            if (d.sends() != null) {
                devices.append(", sends: ").append(d.sends());
            }
            devices.append("}\n");
        }
        return "# Site file for footfall simulate --load: its devices, a gate per counting line, a zone per area.\n"
                + "timezone: UTC\nsites:\n  - {id: " + LoadDevice.SITE + ", name: Load}\nzones:\n" + zones
                + "gates:" + (gates.isEmpty() ? " []\n" : "\n" + gates) + "devices:\n" + devices;
    }

    /**
     * Sends for {@code duration}, then calls {@code flush} (which returns once everything sent has
     * been taken, e.g. acknowledged by the broker) and reports.
     */
    public Report run(Duration duration, Consumer<SimulatedMessage> sink, Runnable flush) {
        long total = (long) Math.floor(duration.toNanos() / 1e9 * rate);
        double nanosPerMessage = 1e9 / rate;
        long start = System.nanoTime();
        long maxLag = 0;
        for (long k = 0; k < total; k++) {
            long due = start + Math.round(k * nanosPerMessage);
            long now = System.nanoTime();
            while (now < due) {
                long wait = due - now;
                if (wait > 100_000) {
                    LockSupport.parkNanos(wait - 50_000); // the last stretch spun: a park can oversleep
                } else {
                    Thread.onSpinWait();
                }
                now = System.nanoTime();
            }
            maxLag = Math.max(maxLag, now - due);
            sink.accept(fleet.get((int) (k % fleet.size())).next(Instant.now()));
        }
        long sent = System.nanoTime();
        flush.run();
        long done = System.nanoTime();
        return new Report(total, rate, (sent - start) / 1e9, (done - start) / 1e9, maxLag / 1e6);
    }
}
