package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.MessageCallback;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.jobs.TestBroker;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * A surge into a studio for ten through the whole job graph (replay of a recording) into a real
 * PostgreSQL and the real Mosquitto: one busy and one full episode in {@code alerts}, their changes
 * on the zone's alert topic, and a second replay (without MQTT) leaves the rows as they were.
 */
class AlertsReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** A site of this run's own, so that its alert topic is too on the shared broker. */
    private static final String SITE_ID = "alerts-test-" + UUID.randomUUID().toString().substring(0, 8);
    /** Busy at 8 people (ends below 7), full at 10 (ends below 9), each after 2 minutes. */
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: %s}]
            zones: [{id: studio, site: %1$s, capacity: 10, hours: always}]
            gates: [{id: studio-door, from: outside, to: studio}]
            devices:
              - {id: door-1, model: footfall-json, gate: studio-door}
            alerts: {busy: 0.8, full: 1.0, hysteresis: 0.1, min_duration: 2m}
            """.formatted(SITE_ID));
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void aSurgeRaisesABusyAndAFullEpisodeAndAReplayLeavesThemAsTheyWere(@TempDir Path dir) throws Exception {
        // People in and out per minute from 10:00; occupancy at each minute's end in the comment.
        int[][] minutes = {
            {4, 0},  // 4
            {4, 0},  // 8   busy reached
            {1, 0},  // 9
            {1, 0},  // 10  busy raised (2 minutes on), full reached
            {0, 0},  // 10
            {1, 1},  // 10  full raised
            {0, 2},  // 8   below 9: full over at 10:07
            {0, 1},  // 7   not below 7: still busy
            {1, 0},  // 8
            {0, 3},  // 5   below 7: busy over at 10:10
            {0, 5},  // 0
        };
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            Instant end = T0.plusSeconds(60L * (i + 1));
            String json = "{\"device\": \"door-1\", \"time\": \"" + end + "\", \"type\": \"line\", \"in\": " + minutes[i][0]
                    + ", \"out\": " + minutes[i][1] + ", \"period_s\": 60}";
            lines.add(RecordedMessages.format(new RawMessage("footfall/v1/" + SITE_ID + "/door-1/up", json.getBytes(StandardCharsets.UTF_8),
                    end.plusSeconds(2))));
        }
        Path recording = Files.write(dir.resolve("surge.jsonl"), lines);

        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            SiteModelTables.write(db, SITE);
            // The first replay publishes to MQTT too, as `run` does.
            String uri = TestBroker.mosquittoUri();
            String topic = "footfall/v1/" + SITE_ID + "/alerts/studio";
            List<String> published = new CopyOnWriteArrayList<>();
            MqttClient subscriber = new MqttClient(uri, "footfall-alerts-replay-test-" + System.nanoTime(), new MemoryPersistence());
            subscriber.setCallback(MessageCallback.of(m -> published.add(summary(m))));
            subscriber.connect();
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)});
            try {
                replay(db, recording, new AlertPublisher(uri, "footfall-test-" + SITE_ID, null, null));
                long deadline = System.currentTimeMillis() + 10_000;
                while (published.size() < 4 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(published).as("level, state and the zone's level after each change").containsExactly(
                        "busy open busy", "full open full", "full ended busy", "busy ended none");
                subscriber.publish(topic, new byte[0], 1, true); // no retained message left on the shared broker
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
            List<String> expected = List.of(
                    "studio busy 2026-11-23T10:01:00Z 2026-11-23T10:10:00Z 8 10",
                    "studio full 2026-11-23T10:03:00Z 2026-11-23T10:07:00Z 10 10");
            assertThat(alertRows(db)).containsExactlyElementsOf(expected);
            replay(db, recording, null);
            assertThat(alertRows(db)).as("after a second replay").containsExactlyElementsOf(expected);
        }
    }

    private static void replay(Database db, Path recording, AlertPublisher publisher) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        FootfallJob job = new FootfallJob(SITE, RecordedMessageFormat.source(recording), ResultSinkSet.database(db)).forReplay();
        (publisher == null ? job : job.publishingAlerts(publisher)).build(env);
        env.execute("footfall-alerts-replay-test");
    }

    /** An alert message as "level state zone_level". */
    private static String summary(MqttMessage message) {
        try {
            JsonNode json = new ObjectMapper().readTree(message.getPayload());
            return json.path("level").asText() + " " + json.path("state").asText() + " " + json.path("zone_level").asText();
        } catch (java.io.IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static List<String> alertRows(Database db) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT zone_id, level, started_at, ended_at, threshold, peak_occupancy"
                        + " FROM alerts ORDER BY level, started_at")) {
            while (r.next()) {
                rows.add(String.join(" ", r.getString(1), r.getString(2), r.getTimestamp(3).toInstant().toString(),
                        r.getTimestamp(4) == null ? "open" : r.getTimestamp(4).toInstant().toString(),
                        r.getString(5), r.getString(6)));
            }
        }
        return rows;
    }
}
