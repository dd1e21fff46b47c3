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
        var tz = SITE.timezone();
        try {
            startJob();
            GroundTruth truth = simulate(day.atTime(from).atZone(tz).toInstant(), day.atTime(to).atZone(tz).toInstant(), seed, twice);
            assertResultsMatch(truth, day.atTime(lastCompared).atZone(tz).toInstant(), day);
        } finally {
            stop();
        }
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

        // A message from a device no site file knows must come out as a rejected row; once it
        // does, the subscription is live and nothing the simulator sends will be missed.
        String probeTopic = "v3/probe-" + run + "@ttn/devices/probe/up";
        try (MqttPublisher probe = new MqttPublisher(mqtt, "footfall-probe-" + run)) {
            waitFor(Duration.ofSeconds(60), "the job to subscribe (a probe message to be rejected)", () -> {
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
    GroundTruth simulate(Instant start, Instant end, long seed, boolean twice) throws Exception {
        Simulation simulation = new Simulation(SITE, seed, start);
        try (MqttPublisher publisher = new MqttPublisher(mqtt, "footfall-test-sim-" + run)) {
            java.util.ArrayDeque<SimulatedMessage> again = new java.util.ArrayDeque<>();
            new SimulationRunner(simulation, SimulationRunner.MAX).run(end, m -> {
                publisher.publish(m);
                if (twice) {
                    again.add(m);
                    if (again.size() > 5) {
                        publisher.publish(again.poll());
                    }
                }
            });
            again.forEach(publisher::publish);
        }
        return simulation.truth();
    }

    void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
    }

    /**
     * Waits until the job has closed the minutes up to {@code lastMinute} (one zone's row a quarter
     * of an hour later is written: rows are written in the order of their minutes), then checks
     * every zone's rows up to then against the truth.
     */
    void assertResultsMatch(GroundTruth truth, Instant lastMinute, LocalDate day) throws Exception {
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
        for (var site : SITE.sites()) {
            long expected = truth.visitors(site.id(), day);
            assertThat(expected).isPositive();
            waitFor(Duration.ofSeconds(30), "visitors of " + site.id(), () ->
                    count("SELECT coalesce(max(visitors), 0) FROM visitors_daily WHERE site_id = '" + site.id()
                            + "' AND day = '" + day + "'") == expected);
        }
        assertThat(count("SELECT count(*) FROM rejected_messages WHERE topic NOT LIKE 'v3/probe-%'"))
                .as("the simulator sends only valid uplinks").isZero();
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
