package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.VisitorPhones;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * The mixed example site's presence sensors (one in the library, one in the park, reporting the
 * phones they hear every minute) through a replayed day: token dwell against the truth's stays of
 * the visitors who carry a phone, park → library transitions, and no phone's address anywhere the
 * job writes, even for presence messages it rejects.
 */
class PresenceTokenReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SITE = Path.of("..", "sites", "helsingborg-mixed.yaml").toString();
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    /** The presence sensors' reporting interval in the site file. */
    private static final double INTERVAL_S = 60;
    /** Any MAC address, in any case. */
    private static final Pattern MAC = Pattern.compile("(?i)([0-9a-f]{2}:){5}[0-9a-f]{2}");
    private static final String RAW = "02:aa:bb:cc:dd:ee";

    @Test
    void tokenDwellFollowsTheStaysOfVisitorsWithPhonesAndNoAddressIsWrittenAnywhere(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("day.jsonl");
        Path truth = dir.resolve("truth");
        Path out = dir.resolve("out");
        assertThat(cli("simulate", "--site", SITE, "--record", recording.toString(), "--truth", truth.toString(),
                "--seed", "23", "--start", "2026-11-30T06:00", "--days", "0.875")).isZero();
        // Two presence messages the job must refuse: one cut short inside its ids, one with an id that is no text.
        Files.writeString(recording, String.join("\n",
                "{\"topic\": \"footfall/v1/stadsparken/wifi-park-1/up\", \"received_at\": \"2026-11-30T10:00:30Z\","
                        + " \"payload\": {\"base64\": \"" + base64("{\"device\": \"wifi-park-1\", \"time\": \"2026-11-30T10:00:30Z\","
                        + " \"type\": \"presence\", \"ids\": [\"" + RAW + "\", \"02:aa:bb") + "\"}}",
                "{\"topic\": \"footfall/v1/stadsparken/wifi-park-1/up\", \"received_at\": \"2026-11-30T10:00:40Z\","
                        + " \"payload\": {\"device\": \"wifi-park-1\", \"time\": \"2026-11-30T10:00:40Z\", \"type\": \"presence\","
                        + " \"ids\": [\"" + RAW + "\", 7]}}",
                // and a line of the recording that is no JSON at all, its ids bare
                "{\"topic\": \"footfall/v1/stadsparken/wifi-park-1/up\", \"payload\": {\"type\": \"presence\", \"ids\": [" + RAW + "]}}",
                ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        // decode shows tokens, never the addresses
        MessageDecoder decoder = new MessageDecoder(SiteModel.load(Path.of(SITE)));
        List<String> presence = Files.readAllLines(recording).stream().filter(l -> l.contains("\"presence\"")).limit(600).toList();
        assertThat(presence).anyMatch(l -> MAC.matcher(l).find());
        List<String> all = Files.readAllLines(recording);
        presence = new java.util.ArrayList<>(presence);
        presence.addAll(all.subList(all.size() - 3, all.size())); // the three bad ones
        for (String line : presence) {
            String decoded = DecodeCommand.decodeLine(decoder, line);
            assertThat(MAC.matcher(decoded).find()).as(decoded).isFalse();
        }

        assertThat(cli("replay", "--site", SITE, "--input", recording.toString(), "--out", out.toString())).isZero();
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            assertThat(cli("replay", "--site", SITE, "--input", recording.toString(), "--db", url)).isZero();
            try (Connection c = Database.of(url).connect(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM readings WHERE kind = 'presence' AND token IS NOT NULL"))
                        .as("sightings kept as tokens").isGreaterThan(10_000);
                assertThat(count(s, "SELECT count(*) FROM readings r WHERE r::text ~* '([0-9a-f]{2}:){5}[0-9a-f]{2}'"))
                        .as("readings rows holding an address").isZero();
                assertThat(count(s, "SELECT count(*) FROM rejected_messages WHERE topic LIKE '%wifi-park-1%'"))
                        .as("the two bad presence messages").isEqualTo(2);
                assertThat(count(s, "SELECT count(*) FROM rejected_messages WHERE payload LIKE '%redacted%'"))
                        .as("the three, redacted").isEqualTo(3);
                assertThat(count(s, "SELECT count(*) FROM rejected_messages r WHERE r::text ~* '([0-9a-f]{2}:){5}[0-9a-f]{2}'"
                        + " OR payload ~* '02:aa:bb' OR reason ~* '02:aa'"))
                        .as("rejected rows holding an address").isZero();

                Map<String, double[]> truthMeans = detectedStays(truth.resolve("dwell.csv"));
                for (String zone : List.of("lib", "park-north")) {
                    double[] t = truthMeans.get(zone);
                    try (ResultSet r = s.executeQuery("SELECT visits, mean_s, median_s, p90_s FROM dwell_daily"
                            + " WHERE method = 'tokens' AND zone_id = '" + zone + "' AND day = '" + DAY + "'")) {
                        assertThat(r.next()).as(zone + " token dwell").isTrue();
                        double truthMean = t[1] / t[0];
                        System.out.printf("token dwell %s %s: %d sessions, mean %.1f s, median %.1f s, p90 %.1f s;"
                                + " truth: %d stays with a phone, mean %.1f s%n", zone, DAY, r.getLong("visits"), r.getDouble("mean_s"),
                                r.getDouble("median_s"), r.getDouble("p90_s"), (long) t[0], truthMean);
                        // A session runs from the first sighting to the last: about one reporting interval
                        // short of the stay on average (half at each end). Over two thousand sessions the
                        // random part of that averages to well under a second; half an interval of slack
                        // leaves room for stays that part and join within the gap.
                        assertThat(r.getDouble("mean_s")).as(zone + " mean against the truth's " + truthMean)
                                .isBetween(truthMean - 1.5 * INTERVAL_S, truthMean - 0.5 * INTERVAL_S);
                        assertThat((double) r.getLong("visits")).as(zone + " sessions against stays with a phone")
                                .isBetween(0.97 * t[0], 1.03 * t[0]);
                        assertThat(r.getDouble("median_s")).isPositive().isLessThanOrEqualTo(r.getDouble("p90_s"));
                    }
                }
                try (ResultSet r = s.executeQuery("SELECT from_zone, to_zone, day, transitions FROM zone_transitions ORDER BY 1, 2, 3")) {
                    while (r.next()) {
                        System.out.printf("zone_transitions %s -> %s %s: %d%n", r.getString(1), r.getString(2), r.getString(3), r.getLong(4));
                    }
                }
                assertThat(count(s, "SELECT transitions FROM zone_transitions WHERE from_zone = 'park-north' AND to_zone = 'lib'"
                        + " AND day = '" + DAY + "'")).as("park → library").isGreaterThan(50);
                assertThat(count(s, "SELECT count(*) FROM dwell_hourly WHERE method = 'tokens'")).isPositive();
                // replay --out holds the same origin–destination table as the database
                List<String> fromDb = new java.util.ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT from_zone, to_zone, day, transitions FROM zone_transitions")) {
                    while (r.next()) {
                        fromDb.add(r.getString(1) + "," + r.getString(2) + "," + r.getString(3) + "," + r.getLong(4));
                    }
                }
                List<String> fromFile = Files.readAllLines(out.resolve("zone_transitions.csv"));
                assertThat(fromFile.subList(1, fromFile.size())).containsExactlyInAnyOrderElementsOf(fromDb);
            }
        }
        List<String> transitions = Files.readAllLines(out.resolve("zone_transitions.csv"));
        assertThat(transitions.get(0)).isEqualTo("from_zone,to_zone,day,transitions");
        assertThat(transitions).anyMatch(l -> l.startsWith("park-north,lib," + DAY + ","));
        assertThat(Files.readAllLines(out.resolve("dwell.csv"))).anyMatch(l -> l.startsWith("lib," + DAY + ",tokens,"))
                .anyMatch(l -> l.startsWith("lib," + DAY + ",fifo,"));
        assertThat(MAC.matcher(Files.readString(out.resolve("rejected.csv"))).find()).as("rejected.csv").isFalse();
    }

    /** Per zone, the count and total length (s) of the truth's stays begun on the day by visitors who carry a phone. */
    private static Map<String, double[]> detectedStays(Path dwellCsv) throws Exception {
        Map<String, double[]> m = new HashMap<>();
        List<String> lines = Files.readAllLines(dwellCsv);
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            if (!VisitorPhones.carries(Integer.parseInt(c[1]))
                    || !LocalDate.ofInstant(Instant.parse(c[2]), TZ).equals(DAY)) {
                continue;
            }
            double[] s = m.computeIfAbsent(c[0], k -> new double[2]);
            s[0]++;
            s[1] += Double.parseDouble(c[4]);
        }
        return new TreeMap<>(m);
    }

    private static String base64(String text) {
        return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static long count(Statement s, String sql) throws java.sql.SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static int cli(String... args) {
        return new CommandLine(new Footfall()).execute(args);
    }
}
