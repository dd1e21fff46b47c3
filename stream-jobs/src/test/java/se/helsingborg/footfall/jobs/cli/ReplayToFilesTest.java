package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.score.CsvTables;
import se.helsingborg.footfall.simulators.score.Metric;
import se.helsingborg.footfall.simulators.score.Scorecard;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * {@code replay --out DIR} writes every result as a CSV file with its table's columns, and the files
 * hold exactly what {@code replay --db} writes into the tables (and shows in the views) for the same
 * recording: compared cell by cell on a simulated day with every fault on.
 */
class ReplayToFilesTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path EXAMPLE = Path.of("..", "sites", "helsingborg.yaml");

    /** Each file and the SQL that reads the same rows from the database, columns in the file's order. */
    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("occupancy", "SELECT zone_id, minute, occupancy, max_occupancy, entries, exits FROM occupancy");
        TABLES.put("occupancy_corrections",
                "SELECT zone_id, day, clamps, reset_residual, anchors, anchor_adjustment FROM occupancy_corrections");
        TABLES.put("gate_counts", "SELECT gate_id, minute, entries, exits, estimated_entries, estimated_exits FROM gate_counts");
        TABLES.put("visitors_daily", "SELECT site_id, day, visitors, estimated_visitors FROM visitors_daily");
        TABLES.put("device_health", "SELECT device_id, minute, last_seen, online, battery_pct, battery_mv, rssi_dbm, snr_db,"
                + " counter_resets, rejected_messages FROM device_health");
        TABLES.put("rejected", "SELECT received_at, topic, reason, payload FROM rejected_messages");
        TABLES.put("pipeline_minutes", "SELECT minute, messages, readings, duplicates, too_late, rejected FROM pipeline_minutes");
        TABLES.put("alerts", "SELECT zone_id, level, started_at, ended_at, threshold, peak_occupancy FROM alerts");
        TABLES.put("dwell", "SELECT zone_id, day, method, visits, mean_s, median_s, p90_s FROM dwell_daily");
        TABLES.put("dwell_hourly", "SELECT zone_id, day, entry_hour, method, visits, mean_s, median_s, p90_s FROM dwell_hourly");
        TABLES.put("flows", "SELECT from_zone, to_zone, gate_id, minute, people FROM flows");
        TABLES.put("goal_progress", "SELECT site_id, day, visitors, ytd_visitors, baseline_ytd, target_ytd, share_of_target,"
                + " projected_year_end, target_year, needed_per_day, baseline_method FROM goal_progress");
    }

    @Test
    void theFilesHoldWhatTheDatabaseHolds(@TempDir Path dir) throws Exception {
        // The example site with alert levels low enough for an ordinary day to raise some. Counters
        // that miss some entries make occupancy go below zero, so that corrections have rows (the
        // clamps): with exact counts a day before the 03:00 reset has none.
        String site = Files.writeString(dir.resolve("site.yaml"), Files.readString(EXAMPLE).replaceFirst(
                "(?m)^alerts: .*$", "alerts: {busy: 0.02, full: 0.04, hysteresis: 0.01, min_duration: 2m}")).toString();
        Path recording = dir.resolve("day.jsonl");
        Path truth = dir.resolve("truth");
        Path out = dir.resolve("results");
        assertThat(cli("simulate", "--site", site, "--record", recording.toString(), "--truth", truth.toString(),
                "--seed", "5", "--start", "2026-11-26T07:00", "--days", "0.6", "--faults", "all",
                "--miss-rate", "in=0.05")).isZero(); // entries missed: the counts clamp, so corrections have rows
        assertThat(cli("replay", "--site", site, "--input", recording.toString(), "--out", out.toString())).isZero();

        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            assertThat(cli("replay", "--site", site, "--input", recording.toString(), "--db", url)).isZero();
            try (Connection c = Database.of(url).connect()) {
                for (var table : TABLES.entrySet()) {
                    Path file = out.resolve(table.getKey() + ".csv");
                    assertThat(file).as(table.getKey() + ".csv").exists();
                    List<List<String>> fromFile = read(file);
                    List<List<String>> fromDb = query(c, table.getValue());
                    assertThat(fromFile.get(0)).as(table.getKey() + " header").isEqualTo(columns(c, table.getValue()));
                    List<List<String>> rows = fromFile.subList(1, fromFile.size());
                    assertThat(rows).as(table.getKey() + " rows").isNotEmpty();
                    if (table.getKey().equals("device_health")) {
                        // Rejects reach device health apart from the readings' watermark, so the minute
                        // whose row first counts one can differ between runs; each device's total cannot.
                        assertThat(rejectTotals(rows)).as("rejects per device").isEqualTo(rejectTotals(fromDb));
                        rows = withoutLastColumn(rows);
                        fromDb = withoutLastColumn(fromDb);
                    }
                    assertThat(normalised(rows)).as(table.getKey() + " as in the database").isEqualTo(normalised(fromDb));
                }
                // every rejected message naming a device of the site is counted against it, redeliveries
                // of one (a row of the table) each time they came
                SiteModel model = SiteModel.load(Path.of(site));
                List<List<String>> rejectedTopics = query(c, "SELECT topic FROM rejected_messages");
                long ofDevices = rejectedTopics.stream().filter(r -> Topics.deviceOf(r.get(0), model).isPresent()).count();
                long counted = Long.parseLong(query(c, "SELECT coalesce(sum(n), 0) FROM (SELECT max(rejected_messages) AS n"
                        + " FROM device_health GROUP BY device_id) d").get(0).get(0));
                assertThat(ofDevices).as("garbage and too-late messages of known devices").isPositive();
                assertThat(counted).as("rejects counted per device").isGreaterThanOrEqualTo(ofDevices)
                        .isLessThan(rejectedTopics.size() * 2L);
            }
            // score reads either the same way
            Scorecard fromFiles = Scorecard.score(new CsvTables(truth), new CsvTables(out));
            Scorecard fromDb = Scorecard.score(new CsvTables(truth), new DatabaseTables(Database.of(url)));
            for (Metric m : Metric.values()) {
                assertThat(fromFiles.line(m).comparison()).as(m + " scored from files").isEqualTo(fromDb.line(m).comparison());
            }
        }
        assertThat(out.resolve("rejected.csv")).content().contains("malformed JSON", "unknown channel");
        assertThat(Files.list(out).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }

    /** The last column, device health's running count of rejects, at its largest per device (the first column). */
    private static Map<String, Long> rejectTotals(List<List<String>> rows) {
        Map<String, Long> totals = new java.util.TreeMap<>();
        for (List<String> row : rows) {
            totals.merge(row.get(0), Long.parseLong(row.get(row.size() - 1)), Math::max);
        }
        return totals;
    }

    private static List<List<String>> withoutLastColumn(List<List<String>> rows) {
        return rows.stream().map(r -> r.subList(0, r.size() - 1)).toList();
    }

    private static List<List<String>> read(Path file) throws Exception {
        try (MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                .with(CsvSchema.emptySchema()).with(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY)
                .readValues(file.toFile())) {
            return rows.readAll();
        }
    }

    private static List<String> columns(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql + " LIMIT 0")) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                names.add(r.getMetaData().getColumnName(i));
            }
            return names;
        }
    }

    private static List<List<String>> query(Connection c, String sql) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = r.getObject(i);
                    row.add(v == null ? "" : v instanceof Timestamp t ? t.toInstant().toString()
                            : v instanceof java.sql.Date d ? d.toLocalDate().toString() : v.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Rows in one order, and numbers to 9 significant digits: the database keeps signal strengths as real. */
    private static List<String> normalised(List<List<String>> rows) {
        return rows.stream().map(row -> String.join("|", row.stream().map(ReplayToFilesTest::cell).toList())).sorted().toList();
    }

    private static String cell(String v) {
        if (v.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(9)).stripTrailingZeros().toPlainString();
        }
        return v;
    }

    private static int cli(String... args) {
        return new CommandLine(new Footfall()).execute(args);
    }
}
