package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import se.helsingborg.footfall.ingest.codec.MilesightVs133Codec;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;

/**
 * Traffic for benchmarks: {@code devices} line counters (Milesight VS133 behind The Things Stack)
 * taking turns to send at {@code rate} messages a second in all, in real time. Message k is due
 * {@code k / rate} seconds after the start, however late the ones before it went out, so pacing
 * errors do not add up over a run: a slow moment is caught up by sending without pause.
 */
public final class LoadGenerator {
    private static final MilesightVs133Codec CODEC = new MilesightVs133Codec();
    private static final TtnV3Envelope TTN = new TtnV3Envelope();

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

    private final int devices;
    private final double rate;
    private final long[] frameCounters;
    private final long[][] totals;
    private final SplittableRandom random;
    private final String topicPrefix;

    public LoadGenerator(int devices, double rate, long seed) {
        this(devices, rate, seed, null);
    }

    /**
     * With a {@code topicPrefix}, every topic starts with it and a slash, which takes the load out
     * of every Footfall subscription: for measuring the way to the broker alone without a running
     * job (or a test) on the same broker receiving it.
     */
    public LoadGenerator(int devices, double rate, long seed, String topicPrefix) {
        if (devices < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("the load needs at least one device and a positive rate");
        }
        this.devices = devices;
        this.rate = rate;
        this.frameCounters = new long[devices];
        this.totals = new long[devices][2];
        this.random = new SplittableRandom(seed);
        this.topicPrefix = topicPrefix == null || topicPrefix.isBlank() ? "" : topicPrefix.replaceAll("/+$", "") + "/";
    }

    /** The DevEUI of load device {@code i}. */
    public static String deviceId(int i) {
        return String.format("24e12413%08x", i);
    }

    /**
     * A site file that knows the load's devices, so that the pipeline counts their messages rather
     * than rejecting them: one always-open zone, a gate from outside per device.
     */
    public String siteFile() {
        StringBuilder yaml = new StringBuilder("# Site file for footfall simulate --load: one zone, a gate per load device.\n")
                .append("timezone: UTC\nsites:\n  - {id: load, name: Load}\nzones:\n")
                .append("  - {id: load-zone, site: load, capacity: 1000000, hours: always}\ngates:\n");
        for (int i = 0; i < devices; i++) {
            yaml.append("  - {id: load-gate-").append(i).append(", from: outside, to: load-zone}\n");
        }
        yaml.append("devices:\n");
        for (int i = 0; i < devices; i++) {
            // Quoted: YAML reads an all-digit DevEUI such as 24e1241300000000 as a (huge) number.
            yaml.append("  - {id: '").append(deviceId(i)).append("', model: ").append(MilesightVs133Codec.MODEL)
                    .append(", envelope: ").append(TtnV3Envelope.NAME).append(", reporting_interval_s: 60, lines: {1: load-gate-")
                    .append(i).append("}}\n");
        }
        return yaml.toString();
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
            sink.accept(message((int) (k % devices)));
        }
        long sent = System.nanoTime();
        flush.run();
        long done = System.nanoTime();
        return new Report(total, rate, (sent - start) / 1e9, (done - start) / 1e9, maxLag / 1e6);
    }

    private SimulatedMessage message(int device) {
        Map<String, Object> fields = new LinkedHashMap<>();
        long in = random.nextInt(4);
        long out = random.nextInt(4);
        totals[device][0] += in;
        totals[device][1] += out;
        fields.put("line_1_total_in", totals[device][0] & 0xFFFF_FFFFL);
        fields.put("line_1_total_out", totals[device][1] & 0xFFFF_FFFFL);
        fields.put("line_1_period_in", in);
        fields.put("line_1_period_out", out);
        Instant now = Instant.now();
        String id = deviceId(device);
        Uplink uplink = new Uplink(TtnV3Envelope.NAME, null, id, CODEC.fPort(), ++frameCounters[device], now,
                CODEC.encode(fields), -80.0, 7.0);
        String ttsId = "eui-" + id;
        return new SimulatedMessage(now, topicPrefix + TtnV3Envelope.topic(DeviceFleet.APPLICATION, NetworkServer.TTN_TENANT, ttsId),
                TTN.encode(uplink, DeviceFleet.APPLICATION, ttsId));
    }
}
