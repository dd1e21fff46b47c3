package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.simulators.score.Comparison;
import se.helsingborg.footfall.simulators.score.CsvTables;
import se.helsingborg.footfall.simulators.score.Metric;
import se.helsingborg.footfall.simulators.score.Scorecard;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * The second example site, every model behind every envelope, through the same round trip as the
 * first: a clean recorded day replayed through the job reads every message and scores the
 * visitors of both sites exactly.
 */
class MixedSiteReplayScoreTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SITE = Path.of("..", "sites", "helsingborg-mixed.yaml").toString();

    @Test
    void aCleanDayOfTheMixedSiteIsReadWholeAndScoresExactVisitors(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("day.jsonl");
        Path truth = dir.resolve("truth");
        assertThat(cli("simulate", "--site", SITE, "--record", recording.toString(), "--truth", truth.toString(),
                "--seed", "23", "--start", "2026-11-30T06:00", "--days", "0.875")).isZero();
        assertThat(Files.size(recording)).isPositive();
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            assertThat(cli("replay", "--site", SITE, "--input", recording.toString(), "--db", url)).isZero();
            try (Connection c = Database.of(url).connect(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT count(*) FROM rejected_messages")).as("messages the job could not read").isZero();
                assertThat(count(s, "SELECT count(DISTINCT device_id) FROM readings")).as("devices heard").isEqualTo(19); // 17 counters and sensors, 2 presence sensors
            }
            assertThat(cli("score", "--truth", truth.toString(), "--db", url)).isZero();
            Scorecard card = Scorecard.score(new CsvTables(truth), new DatabaseTables(Database.of(url)));
            Comparison visitors = card.line(Metric.VISITORS).comparison();
            assertThat(visitors.compared()).as("both sites on the day").isGreaterThanOrEqualTo(2);
            assertThat(visitors.missingInResults()).isZero();
            assertThat(visitors.exactShare()).isEqualTo(1.0);
            assertThat(visitors.maxError()).isZero();
        }
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
