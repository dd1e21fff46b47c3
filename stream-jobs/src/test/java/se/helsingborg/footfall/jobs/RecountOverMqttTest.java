package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.ingest.decode.AnchorMessage;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.jobs.cli.Footfall;
import picocli.CommandLine;
import se.helsingborg.footfall.simulators.GroundTruth;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * A manual recount sent with {@code ./footfall anchor --mqtt} over real MQTT (Mosquitto) in the middle of a simulated morning re-bases
 * the library's written occupancy from its minute on, and bad recounts are rejected with reasons.
 */
class RecountOverMqttTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int RECOUNT = 500;
    private static final String SITE_FILE = java.nio.file.Path.of("..", "sites", "helsingborg.yaml").toString();

    @Test
    void aRecountOverMqttReBasesTheWrittenOccupancyFromItsMinuteOn() throws Exception {
        var tz = PipelineRun.SITE.timezone();
        Instant start = LocalDateTime.of(2026, 11, 26, 9, 0).atZone(tz).toInstant();
        Instant end = LocalDateTime.of(2026, 11, 26, 11, 0).atZone(tz).toInstant();
        Instant recountAt = LocalDateTime.of(2026, 11, 26, 10, 0, 20).atZone(tz).toInstant();
        Instant recountMinute = recountAt.minusSeconds(20);
        Instant lastCompared = LocalDateTime.of(2026, 11, 26, 10, 40).atZone(tz).toInstant();
        String topic = Topics.anchor("stadsbiblioteket");
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            PipelineRun run = new PipelineRun(TestBroker.mosquittoUri(), db);
            try {
                run.startJob();
                Simulation simulation = new Simulation(PipelineRun.SITE, 21, start);
                boolean[] sent = {false};
                try (MqttPublisher publisher = new MqttPublisher(TestBroker.mosquittoUri(), "footfall-test-recount-" + System.nanoTime())) {
                    new SimulationRunner(simulation, SimulationRunner.MAX).run(end, m -> {
                        if (!sent[0] && m.time().isAfter(recountAt)) {
                            // in stream order, as a recount typed at the desk arrives among the counters' uplinks:
                            // everything before it acknowledged by the broker, then `./footfall anchor --mqtt`
                            publisher.flush();
                            int exit = new CommandLine(new Footfall()).execute("anchor", "--site", SITE_FILE, "--zone", "lib",
                                    "--count", String.valueOf(RECOUNT), "--time", recountAt.toString(), "--mqtt", TestBroker.mosquittoUri());
                            assertThat(exit).as("footfall anchor").isZero();
                            publisher.publish(new SimulatedMessage(recountAt, topic, "{\"zone\": \"lib\", \"count\":".getBytes(StandardCharsets.UTF_8)));
                            publisher.publish(new SimulatedMessage(recountAt, topic, AnchorMessage.payload("attic", 3, recountAt)));
                            sent[0] = true;
                        }
                        publisher.publish(m);
                    });
                }
                GroundTruth truth = simulation.truth();
                Instant closedBeyond = lastCompared.plus(Duration.ofMinutes(15));
                PipelineRun.waitFor(Duration.ofSeconds(120), "occupancy rows up to " + closedBeyond, () ->
                        run.count("SELECT count(*) FROM occupancy WHERE minute >= '" + closedBeyond + "'") > 0);

                var expected = truth.occupancy().get("lib");
                int shift = RECOUNT - expected.get(recountMinute).occupancy();
                assertThat(shift).as("the recount differs from the count").isPositive();
                Map<Instant, GroundTruth.ZoneMinute> written = rows(db, "lib");
                int before = 0;
                int after = 0;
                for (var e : expected.headMap(lastCompared, true).entrySet()) {
                    GroundTruth.ZoneMinute t = e.getValue();
                    boolean rebased = !e.getKey().isBefore(recountMinute);
                    GroundTruth.ZoneMinute want = rebased ? new GroundTruth.ZoneMinute(t.occupancy() + shift, t.entries(), t.exits()) : t;
                    GroundTruth.ZoneMinute actual = written.get(e.getKey());
                    if (actual == null) {
                        // only an empty, quiet zone has no row
                        assertThat(want).as("lib at %s has no row", e.getKey()).isEqualTo(new GroundTruth.ZoneMinute(0, 0, 0));
                        continue;
                    }
                    assertThat(actual).as("lib at %s", e.getKey()).isEqualTo(want);
                    if (rebased) {
                        after++;
                    } else {
                        before++;
                    }
                }
                assertThat(before).isGreaterThan(30);
                assertThat(after).isGreaterThan(30);
                PipelineRun.waitFor(Duration.ofSeconds(30), "the day's corrections", () -> run.count(
                        "SELECT count(*) FROM occupancy_corrections WHERE zone_id = 'lib' AND anchors = 1") == 1);
                assertThat(run.count("SELECT anchor_adjustment FROM occupancy_corrections WHERE zone_id = 'lib' AND day = '2026-11-26'"))
                        .isEqualTo(shift);
                assertThat(run.count("SELECT count(*) FROM occupancy_corrections WHERE zone_id <> 'lib'"))
                        .as("no other zone was corrected on a clean morning").isZero();
                String rejected = "SELECT count(*) FROM rejected_messages WHERE topic = '" + topic + "'";
                PipelineRun.waitFor(Duration.ofSeconds(30), "the bad recounts rejected", () -> run.count(rejected) == 2);
                assertThat(run.count(rejected + " AND reason LIKE 'anchor: malformed JSON%'")).isEqualTo(1);
                assertThat(run.count(rejected + " AND reason LIKE 'anchor for unknown zone attic%'")).isEqualTo(1);
                assertThat(run.count("SELECT count(*) FROM readings WHERE device_id LIKE 'anchor%'"))
                        .as("a recount is nobody's reading").isZero();
                assertThat(run.count("SELECT count(*) FROM device_health WHERE device_id LIKE 'anchor%'")).isZero();
            } finally {
                run.stop();
            }
        }
    }

    private static Map<Instant, GroundTruth.ZoneMinute> rows(Database db, String zone) throws Exception {
        Map<Instant, GroundTruth.ZoneMinute> rows = new HashMap<>();
        try (Connection c = db.connect(); var s = c.prepareStatement("SELECT minute, occupancy, entries, exits FROM occupancy WHERE zone_id = ?")) {
            s.setString(1, zone);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getTimestamp(1).toInstant(), new GroundTruth.ZoneMinute(r.getInt(2), r.getInt(3), r.getInt(4)));
                }
            }
        }
        return rows;
    }
}
