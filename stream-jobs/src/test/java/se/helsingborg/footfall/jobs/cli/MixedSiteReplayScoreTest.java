package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.score.Comparison;
import se.helsingborg.footfall.simulators.score.CsvTables;
import se.helsingborg.footfall.simulators.score.DwellComparison;
import se.helsingborg.footfall.simulators.score.Metric;
import se.helsingborg.footfall.simulators.score.Scorecard;
import se.helsingborg.footfall.simulators.score.Targets;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * The second example site, every model behind every envelope, through the same round trip as the
 * first: a clean recorded day replayed through the job reads every message and scores the
 * visitors of both sites exactly, and its presence tokens' dwell and moves are scored against the
 * visitors who carry a phone.
 */
class MixedSiteReplayScoreTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SITE = Path.of("..", "sites", "helsingborg-mixed.yaml").toString();
    /** The presence sensors' reporting interval in the site file. */
    private static final double INTERVAL_S = 60;

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

            // Presence tokens, scored against the stays and moves of the visitors who carry a phone.
            assertThat(cli("score", "--truth", truth.toString(), "--db", url, "--site", SITE)).isZero();
            Scorecard withSite = Scorecard.score(new CsvTables(truth), new DatabaseTables(Database.of(url)), SiteModel.load(Path.of(SITE)));
            Scorecard.Tokens tokens = withSite.tokens();
            assertThat(tokens.absent()).isNull();
            assertThat(tokens.dwell("mean").comparison().missingInResults()).isZero();
            // The day ends at 03:00 with people in the park: their stays are in no truth, while the
            // job closes their sessions when the recording ends. The targets leave that date out.
            Targets.Dwell mean = withSite.dwellTargets().stream().filter(d -> d.method().equals("tokens") && d.figure().equals("mean"))
                    .findFirst().orElseThrow();
            DwellComparison whole = mean.comparison();
            System.out.printf(java.util.Locale.ROOT, "token dwell mean: %d zone-days (%d cut short left out), bias %+.1f s,"
                    + " mean rel %.2f %%, max rel %.2f %%%n", whole.compared(), mean.cutShort(), whole.bias(),
                    100 * whole.meanRelativeError(), 100 * whole.maxRelativeError());
            assertThat(whole.compared()).as("the library's and the park's day").isEqualTo(2);
            assertThat(mean.cutShort()).as("the park's next date, until 03:00").isEqualTo(1);
            // A session runs from the first sighting to the last, about one reporting interval short
            // of the stay (half at each end); the day's thousands of sessions average the random part
            // of that to a second or two, so the bias lies within half an interval of one interval.
            assertThat(whole.bias()).isBetween(-1.5 * INTERVAL_S, -0.5 * INTERVAL_S);
            assertThat(whole.maxError()).isLessThanOrEqualTo(1.5 * INTERVAL_S);
            for (Scorecard.PairTotal pair : tokens.transitions()) {
                System.out.printf(java.util.Locale.ROOT, "token transitions %s: %d against %d carriers' moves (%+.1f %%)%n", pair.pair(),
                        pair.results(), pair.truth(), 100 * pair.relativeError());
            }
            Scorecard.PairTotal parkToLib = tokens.transitions("park-north", "lib");
            Scorecard.PairTotal libToPark = tokens.transitions("lib", "park-north");
            assertThat(parkToLib.truth()).isGreaterThan(100);
            assertThat(libToPark.truth()).isGreaterThan(100);
            for (Scorecard.PairTotal pair : List.of(parkToLib, libToPark)) {
                // A move is lost only when one of its two stays goes unheard, which the simulator's
                // stays of a minute or more rarely are: within 3 %.
                assertThat(Math.abs(pair.relativeError())).as(pair.pair()).isLessThanOrEqualTo(0.03);
            }
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
