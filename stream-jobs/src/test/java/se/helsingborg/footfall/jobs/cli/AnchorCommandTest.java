package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.decode.AnchorMessage;
import se.helsingborg.footfall.ingest.reading.Anchor;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.TestBroker;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/** {@code ./footfall anchor}: a recount published for the running job, or recorded for replays. */
class AnchorCommandTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SITE = Path.of("..", "sites", "helsingborg.yaml").toString();
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");

    @TempDir
    Path dir;

    @Test
    void overMqttTheRecountGoesOutAtQos1OnItsSitesAnchorTopic() throws Exception {
        String siteId = "anchor-test-" + UUID.randomUUID().toString().substring(0, 8);
        Path site = Files.writeString(dir.resolve("site.yaml"), """
                timezone: Europe/Stockholm
                sites: [{id: %s}]
                zones: [{id: hall, site: %s, capacity: 300}]
                gates: [{id: front, from: outside, to: hall}]
                devices: [{id: door-1, model: footfall-json, gate: front}]
                """.formatted(siteId, siteId));
        String uri = TestBroker.mosquittoUri();
        BlockingQueue<MqttMessage> received = new ArrayBlockingQueue<>(4);
        MqttClient listener = new MqttClient(uri, "footfall-anchor-listener-" + siteId, new MemoryPersistence());
        listener.connect(new MqttConnectionOptions());
        try {
            listener.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(message);
                }

                @Override
                public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {}

                @Override
                public void mqttErrorOccurred(org.eclipse.paho.mqttv5.common.MqttException exception) {}

                @Override
                public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {}

                @Override
                public void connectComplete(boolean reconnect, String serverURI) {}

                @Override
                public void authPacketArrived(int reasonCode, org.eclipse.paho.mqttv5.common.packet.MqttProperties properties) {}
            });
            listener.subscribe("footfall/v1/" + siteId + "/anchor", 1); // (Paho's subscribe with a listener recurses for ever)
            CliRun run = CliRun.of("anchor", "--site", site.toString(), "--zone", "hall", "--count", "212", "--time", "2026-11-23T14:00:00+01:00",
                    "--mqtt", uri);
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("sent recount hall = 212");
            MqttMessage message = received.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("the recount reached the broker's subscribers").isNotNull();
            assertThat(message.getQos()).isEqualTo(1);
            Reading r = AnchorMessage.decode(SiteModel.load(site), "footfall/v1/" + siteId + "/anchor", message.getPayload(), Instant.now());
            assertThat(r.anchor()).isEqualTo(new Anchor("hall", 212));
            assertThat(r.eventTime()).isEqualTo(Instant.parse("2026-11-23T13:00:00Z"));
        } finally {
            listener.disconnect();
            listener.close();
        }
    }

    @Test
    void anUnknownZoneOrANegativeCountIsRefused() {
        CliRun unknown = CliRun.of("anchor", "--site", SITE, "--zone", "attic", "--count", "3", "--mqtt", "tcp://127.0.0.1:1");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("unknown zone attic");
        CliRun negative = CliRun.of("anchor", "--site", SITE, "--zone", "lib", "--count", "-3", "--mqtt", "tcp://127.0.0.1:1");
        assertThat(negative.exit()).isNotZero();
        assertThat(negative.err()).contains("cannot be negative");
        CliRun both = CliRun.of("anchor", "--site", SITE, "--zone", "lib", "--count", "3");
        assertThat(both.exit()).as("--mqtt or --db is required").isNotZero();
    }

    @Test
    void aRecountRecordedInTheDatabaseIsAppliedByReplaysOfItsTimeAndOnlyOnce() throws Exception {
        Path recording = dir.resolve("morning.jsonl");
        Path truth = dir.resolve("truth");
        assertThat(CliRun.of("simulate", "--site", SITE, "--record", recording.toString(), "--truth", truth.toString(), "--seed", "5",
                "--start", "2026-11-30T09:00", "--days", "0.1").exit()).isZero();
        Map<Instant, int[]> expected = truthOf(truth.resolve("occupancy.csv"), "lib");
        Instant recountMinute = LocalDateTime.of(2026, 11, 30, 10, 30).atZone(TZ).toInstant();
        int before = expected.get(recountMinute)[0];
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            CliRun recorded = CliRun.of("anchor", "--site", SITE, "--zone", "lib", "--count", String.valueOf(before + 40), "--time",
                    "2026-11-30T10:30:20+01:00", "--db", url);
            assertThat(recorded.exit()).as(recorded.err()).isZero();
            assertThat(recorded.out()).contains("recorded recount lib = " + (before + 40));
            for (int replay = 0; replay < 2; replay++) {
                assertThat(CliRun.of("replay", "--site", SITE, "--input", recording.toString(), "--db", url).exit()).isZero();
                try (Connection c = Database.of(url).connect()) {
                    Map<Instant, int[]> written = occupancy(c, "lib");
                    int compared = 0;
                    for (var e : expected.entrySet()) {
                        int[] w = written.get(e.getKey());
                        if (w == null) {
                            continue;
                        }
                        int shift = e.getKey().isBefore(recountMinute) ? 0 : 40;
                        assertThat(w).as("lib at %s", e.getKey())
                                .containsExactly(e.getValue()[0] + shift, e.getValue()[1], e.getValue()[2]);
                        compared++;
                    }
                    assertThat(compared).isGreaterThan(100);
                    try (ResultSet r = c.createStatement().executeQuery(
                            "SELECT clamps, anchors, anchor_adjustment FROM occupancy_corrections WHERE zone_id = 'lib' AND day = '2026-11-30'")) {
                        assertThat(r.next()).isTrue();
                        assertThat(new int[] {r.getInt(1), r.getInt(2), r.getInt(3)}).as("after replay %d", replay + 1)
                                .containsExactly(0, 1, 40);
                    }
                }
            }
        }
    }

    /** zone's rows of an occupancy CSV: minute → occupancy, entries, exits. */
    private static Map<Instant, int[]> truthOf(Path csv, String zone) throws Exception {
        Map<Instant, int[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] c = line.split(",");
            if (c[0].equals(zone)) {
                rows.put(Instant.parse(c[1]), new int[] {Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4])});
            }
        }
        return rows;
    }

    private static Map<Instant, int[]> occupancy(Connection c, String zone) throws Exception {
        Map<Instant, int[]> rows = new HashMap<>();
        try (ResultSet r = c.createStatement().executeQuery(
                "SELECT minute, occupancy, entries, exits FROM occupancy WHERE zone_id = '" + zone + "'")) {
            while (r.next()) {
                rows.put(r.getTimestamp(1).toInstant(), new int[] {r.getInt(2), r.getInt(3), r.getInt(4)});
            }
        }
        return rows;
    }
}
