package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.MqttSource;
import se.helsingborg.footfall.simulators.GroundTruth;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;

/**
 * One end-to-end run: the job on the test's MiniCluster reading a real broker and writing a real
 * database, fed by the simulator, and the database's rows compared with the simulator's truth.
 */
final class PipelineRun {
    static final SiteModel SITE = SiteModel.example();

    private final String mqtt;
    private final Database db;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private JobClient job;

    PipelineRun(String mqtt, Database db) {
        this.mqtt = mqtt;
        this.db = db;
    }

    /**
     * The whole check: start the job, publish the simulated site from {@code from} to {@code to}
     * on {@code day}, and compare the written rows up to {@code lastCompared} with the truth.
     */
    void checkDay(LocalDate day, java.time.LocalTime from, java.time.LocalTime to, java.time.LocalTime lastCompared, long seed,
            boolean twice) throws Exception {
        checkDay(day, from, to, lastCompared, seed, twice, 0);
    }

    /** As above, with {@code badMessages} malformed messages spread among the good ones. */
    void checkDay(LocalDate day, java.time.LocalTime from, java.time.LocalTime to, java.time.LocalTime lastCompared, long seed,
            boolean twice, int badMessages) throws Exception {
        var tz = SITE.timezone();
        try {
            startJob();
            GroundTruth truth = simulate(day.atTime(from).atZone(tz).toInstant(), day.atTime(to).atZone(tz).toInstant(), seed,
                    twice, badMessages);
            assertResultsMatch(truth, day.atTime(lastCompared).atZone(tz).toInstant(), day, badMessages);
        } finally {
            stop();
        }
    }

    /**
     * The {@code i}-th bad message, each different so that every one is a row of its own: garbage
     * bytes, broken JSON, an unknown device, a truncated payload, a wrong port.
     */
    static SimulatedMessage badMessage(int i, Instant at) {
        String known = "24e124136b316071";
        String topic = "v3/footfall-sim@ttn/devices/eui-" + known + "/up";
        var ttn = new se.helsingborg.footfall.ingest.envelope.TtnV3Envelope();
        return switch (i % 5) {
            case 0 -> new SimulatedMessage(at, topic, ("\u0000garbage " + i).getBytes());
            case 1 -> new SimulatedMessage(at, topic, ("{\"end_device_ids\": {\"dev_eui\": " + i).getBytes());
            case 2 -> new SimulatedMessage(at, topic, ttn.encode(new se.helsingborg.footfall.ingest.envelope.Uplink(
                    "ttn-v3", null, String.format("ff%014x", i), 85, i, at, new byte[] {5, (byte) 0xCC, 0, 0, 0, 0}, null, null),
                    "footfall-sim", "stranger"));
            case 3 -> new SimulatedMessage(at, topic, ttn.encode(new se.helsingborg.footfall.ingest.envelope.Uplink(
                    "ttn-v3", null, known, 85, 1_000_000 + i, at, new byte[] {5, (byte) 0xCC, 1}, null, null), "footfall-sim", "x"));
            default -> new SimulatedMessage(at, topic, ttn.encode(new se.helsingborg.footfall.ingest.envelope.Uplink(
                    "ttn-v3", null, known, 7, 2_000_000 + i, at, new byte[] {5, (byte) 0xCC, 0, 0, 0, 0}, null, null), "footfall-sim", "x"));
        };
    }

    /** The running job's id (after {@link #startJob()}). */
    org.apache.flink.api.common.JobID jobId() {
        return job.getJobID();
    }

    /** Starts the job and returns once its MQTT subscription is live. */
    void startJob() throws Exception {
        SiteModelTables.write(db, SITE);
        var builder = MqttSource.builder().serverUri(mqtt).clientIdPrefix("footfall-test-" + run)
                // Short-lived sessions: a test's client ids are never used again.
                .sessionExpiry(Duration.ofMinutes(2));
        Topics.forSite(SITE).forEach(builder::topicFilter);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        new FootfallJob(SITE, builder.build(), ResultSinkSet.database(db), Duration.ofSeconds(5)).build(env);
        job = env.executeAsync("footfall-test-" + run);

        awaitSubscribed("start");
    }

    /**
     * Returns once the job's MQTT subscription is live: a message from a device no site file knows
     * has come out as a rejected row, so nothing published from now on will be missed.
     */
    void awaitSubscribed(String tag) throws InterruptedException {
        String probeTopic = "v3/probe-" + run + "-" + tag + "@ttn/devices/probe/up";
        try (MqttPublisher probe = new MqttPublisher(mqtt, "footfall-probe-" + run)) {
            waitFor(Duration.ofSeconds(90), "the job to subscribe (a probe message to be rejected)", () -> {
                probe.publish(new SimulatedMessage(Instant.now(), probeTopic, "{\"not\": \"an uplink\"}".getBytes()));
                return count("SELECT count(*) FROM rejected_messages WHERE topic = '" + probeTopic + "'") > 0;
            });
        }
    }

    /**
     * Publishes the simulated site from {@code start} to {@code end} as fast as the broker takes it;
     * with {@code twice}, every message goes out a second time a little later, as a network server
     * retrying or a broker redelivering would send it.
     */
    GroundTruth simulate(Instant start, Instant end, long seed, boolean twice, int badMessages) throws Exception {
        Simulation simulation = new Simulation(SITE, seed, start);
        // Spread the bad messages evenly: about one batch of them with every simulated minute.
        long minutes = java.time.Duration.between(start, end).toMinutes();
        int perMinute = (int) Math.ceil(badMessages / (double) Math.max(1, minutes));
        int[] sentBad = {0};
        Instant[] lastMinute = {null};
        try (MqttPublisher publisher = new MqttPublisher(mqtt, "footfall-test-sim-" + run)) {
            java.util.ArrayDeque<SimulatedMessage> again = new java.util.ArrayDeque<>();
            new SimulationRunner(simulation, SimulationRunner.MAX).run(end, m -> {
                if (!m.time().equals(lastMinute[0])) {
                    lastMinute[0] = m.time();
                    for (int k = 0; k < perMinute && sentBad[0] < badMessages; k++) {
                        publisher.publish(badMessage(sentBad[0]++, m.time()));
                    }
                }
                publisher.publish(m);
                if (twice) {
                    again.add(m);
                    if (again.size() > 5) {
                        publisher.publish(again.poll());
                    }
                }
            });
            again.forEach(publisher::publish);
            while (sentBad[0] < badMessages) {
                publisher.publish(badMessage(sentBad[0]++, end));
            }
        }
        return simulation.truth();
    }

    void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
            TestBroker.discardSession(mqtt, "footfall-test-" + run + "-0");
        }
    }

    /**
     * Waits until the job has closed the minutes up to {@code lastMinute} (one zone's row a quarter
     * of an hour later is written: rows are written in the order of their minutes), then checks
     * every zone's rows up to then against the truth.
     */
    void assertResultsMatch(GroundTruth truth, Instant lastMinute, LocalDate day, int badMessages) throws Exception {
        assertResultsMatch(truth, lastMinute, day, badMessages, badMessages);
    }

    /** As above, where {@code rejected} rows in all are expected (beyond the probes). */
    void assertResultsMatch(GroundTruth truth, Instant lastMinute, LocalDate day, int badMessages, int rejected) throws Exception {
        Instant closedBeyond = lastMinute.plus(Duration.ofMinutes(15));
        waitFor(Duration.ofSeconds(120), "occupancy rows up to " + closedBeyond, () ->
                count("SELECT count(*) FROM occupancy WHERE minute >= '" + closedBeyond + "'") > 0);
        int compared = 0;
        for (var zone : SITE.zones()) {
            Map<Instant, GroundTruth.ZoneMinute> written = rows(zone.id());
            for (var e : truth.occupancy().get(zone.id()).entrySet()) {
                Instant minute = e.getKey();
                GroundTruth.ZoneMinute expected = e.getValue();
                if (minute.isAfter(lastMinute)) {
                    break;
                }
                GroundTruth.ZoneMinute actual = written.get(minute);
                if (actual == null) {
                    // Only an empty, quiet zone has no row: nothing happened and nobody is inside.
                    assertThat(expected).as("%s at %s has no row", zone.id(), minute)
                            .isEqualTo(new GroundTruth.ZoneMinute(0, 0, 0));
                } else {
                    assertThat(actual).as("%s at %s", zone.id(), minute).isEqualTo(expected);
                    compared++;
                }
            }
        }
        assertThat(compared).as("rows compared with the truth").isGreaterThan(200);
        // Gate counts per minute add up to the period counts the devices sent (each reading once).
        String gates = "SELECT coalesce(sum(entries), 0) * 1000000 + coalesce(sum(exits), 0) FROM gate_counts"
                + " WHERE minute < '" + lastMinute + "'";
        String sent = "SELECT coalesce(sum(count_in), 0) * 1000000 + coalesce(sum(count_out), 0) FROM readings"
                + " WHERE kind = 'line' AND NOT cumulative AND gate_id IS NOT NULL AND event_time <= '" + lastMinute + "'";
        try {
            waitFor(Duration.ofSeconds(30), "gate counts equal to the readings", () -> count(sent) > 0 && count(gates) == count(sent));
        } catch (AssertionError timedOut) {
            assertThat(count(gates)).as("gate counts (entries * 10^6 + exits) against the readings").isEqualTo(count(sent));
        }
        for (var site : SITE.sites()) {
            long expected = truth.visitors(site.id(), day);
            assertThat(expected).isPositive();
            String written = "SELECT coalesce(max(visitors), 0) FROM visitors_daily WHERE site_id = '" + site.id()
                    + "' AND day = '" + day + "'";
            try {
                waitFor(Duration.ofSeconds(30), "visitors of " + site.id(), () -> count(written) == expected);
            } catch (AssertionError timedOut) {
                assertThat(count(written)).as("visitors of %s on %s", site.id(), day).isEqualTo(expected);
            }
        }
        // Readings too late for the allowed lateness are rows too: after a broker restart at full
        // simulation speed the messages it redelivers (already counted, not yet acknowledged) lie
        // simulated hours behind the watermark. They are checked apart, below.
        String bad = "SELECT count(*) FROM rejected_messages WHERE topic NOT LIKE 'v3/probe-%' AND reason NOT LIKE 'too_late%'";
        waitFor(Duration.ofSeconds(60), rejected + " rejected messages", () -> count(bad) >= rejected);
        assertThat(count(bad)).as("every bad message rejected once, no good one").isEqualTo(rejected);
        String tooLateUncounted = "SELECT count(*) FROM rejected_messages m WHERE reason LIKE 'too_late%' AND NOT EXISTS ("
                + "SELECT 1 FROM readings r WHERE r.device_id = m.payload::json->>'device' AND r.part = m.payload::json->>'part'"
                + " AND r.f_cnt = (m.payload::json->>'f_cnt')::bigint AND r.event_time = (m.payload::json->>'time')::timestamptz)";
        assertThat(count(tooLateUncounted)).as("readings rejected as too late that had not been counted before").isZero();
        if (badMessages > 0) {
            int each = badMessages / 5;
            assertThat(count(bad + " AND reason LIKE 'ttn-v3: malformed JSON%'")).isEqualTo(2L * each);
            assertThat(count(bad + " AND reason LIKE 'unknown device ff%'")).isEqualTo(each);
            assertThat(count(bad + " AND reason LIKE 'milesight-vs133 payload: %needs 4 bytes%'")).isEqualTo(each);
            assertThat(count(bad + " AND reason LIKE '%sent on port 7%'")).isEqualTo(each);
        }
    }

    private Map<Instant, GroundTruth.ZoneMinute> rows(String zone) throws SQLException {
        Map<Instant, GroundTruth.ZoneMinute> rows = new HashMap<>();
        try (Connection c = db.connect(); var s = c.prepareStatement(
                "SELECT minute, occupancy, entries, exits FROM occupancy WHERE zone_id = ?")) {
            s.setString(1, zone);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getTimestamp(1).toInstant(), new GroundTruth.ZoneMinute(r.getInt(2), r.getInt(3), r.getInt(4)));
                }
            }
        }
        return rows;
    }

    long count(String sql) {
        try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void waitFor(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(250);
        }
    }
}
