package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.simulators.score.CsvTables;
import se.helsingborg.footfall.simulators.score.Key;
import se.helsingborg.footfall.simulators.score.Metric;
import se.helsingborg.footfall.simulators.score.TimeSpan;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * A day on which a counter reboots while it is offline, scored: with seed 45 the library's
 * counter (main entrance and park door) is not heard from 13:15 to 14:45 local time and reboots
 * at 14:36, so what it counted from its last report heard (13:14) to the reboot is in no
 * message. The pipeline estimates that span from the lines' rate ({@code LostCrossings}); the
 * library's visitors must come out with at most a fifth of the erased entries still missing, the
 * park's (whose counters were heard) within the 1 % target; and the results must say how much of
 * the library's day is that estimate.
 */
class RebootInSilenceScoreTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final Path SITE = Path.of("..", "sites", "helsingborg.yaml");
    /** The span the reboot erased, as the seed's fault schedule has it (UTC minutes). */
    private static final String LAST_HEARD = "2026-11-23T12:14:00Z";
    private static final String REBOOT = "2026-11-23T13:36:00Z";

    @Test
    void theLibrarysVisitorsAreMadeGoodForTheSpanARebootInASilenceErased(@TempDir Path dir) throws Exception {
        Path recording = dir.resolve("day.jsonl");
        Path truthDir = dir.resolve("truth");
        assertThat(cli("simulate", "--site", SITE.toString(), "--record", recording.toString(), "--truth", truthDir.toString(),
                "--seed", "45", "--start", "2026-11-23", "--days", "1", "--faults", "all", "--miss-rate", "exit=0.01")).isZero();
        CsvTables truth = new CsvTables(truthDir);
        long erased = 0;
        for (Map.Entry<Key, Long> e : truth.read(Metric.GATE_ENTRIES, null).orElseThrow().entrySet()) {
            boolean libraryEntrance = e.getKey().id().equals("main-entrance") || e.getKey().id().equals("park-door");
            if (libraryEntrance && e.getKey().time().compareTo(LAST_HEARD) >= 0 && e.getKey().time().compareTo(REBOOT) < 0) {
                erased += e.getValue();
            }
        }
        Map<Key, Long> visitorsTruth = truth.read(Metric.VISITORS, null).orElseThrow();
        Key library = new Key("stadsbiblioteket", "2026-11-23");
        Key park = new Key("stadsparken", "2026-11-23");
        assertThat(erased).as("the reboot erases more than the 1 %% target of the library's visitors")
                .isGreaterThan(visitorsTruth.get(library) / 100);

        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            assertThat(cli("replay", "--site", SITE.toString(), "--input", recording.toString(), "--db", url)).isZero();
            Map<Key, Long> visitors = new DatabaseTables(Database.of(url))
                    .read(Metric.VISITORS, TimeSpan.of(visitorsTruth.keySet())).orElseThrow();
            long missing = visitorsTruth.get(library) - visitors.getOrDefault(library, 0L);
            double parkError = (visitors.getOrDefault(park, 0L) - visitorsTruth.get(park)) / (double) visitorsTruth.get(park);
            System.out.println("library: " + erased + " entries erased by the reboot, " + missing
                    + " visitors still missing of " + visitorsTruth.get(library) + "; park relative error " + parkError);
            assertThat(Math.abs(missing)).as("library visitors still missing").isLessThanOrEqualTo(erased / 5);
            assertThat(Math.abs(parkError)).as("park visitors, relative error").isLessThanOrEqualTo(0.01);

            // The estimate is marked in the results: the library's entrances have it in their gate
            // counts and the day's visitors say how many of them it is. The park's visitors have the
            // estimated exits through the park door (as many out as in), none from its own gates.
            try (Connection c = Database.of(url).connect()) {
                long estimatedVisitors = number(c, "SELECT estimated_visitors FROM visitors_daily"
                        + " WHERE site_id = 'stadsbiblioteket' AND day = '2026-11-23'");
                long estimatedAtEntrances = number(c, "SELECT coalesce(sum(estimated_entries), 0) FROM gate_counts"
                        + " WHERE gate_id IN ('main-entrance', 'park-door') AND minute >= '" + REBOOT + "'");
                System.out.println("library: " + estimatedVisitors + " visitors estimated, " + estimatedAtEntrances
                        + " entries estimated at its entrances");
                assertThat(estimatedVisitors).as("the library's visitors estimated").isPositive()
                        .isEqualTo(estimatedAtEntrances).isLessThanOrEqualTo(erased + erased / 5);
                assertThat(number(c, "SELECT estimated_visitors FROM visitors_daily"
                        + " WHERE site_id = 'stadsparken' AND day = '2026-11-23'")).as("the park's visitors estimated")
                        .isEqualTo(number(c, "SELECT coalesce(sum(estimated_exits), 0) FROM gate_counts"
                                + " WHERE gate_id = 'park-door' AND minute >= '" + REBOOT + "'"));
                assertThat(number(c, "SELECT count(*) FROM gate_counts WHERE gate_id LIKE 'park-gate%'"
                        + " AND (estimated_entries > 0 OR estimated_exits > 0)")).as("park gate minutes with an estimate").isZero();
            }
        }
    }

    private static long number(Connection c, String query) throws Exception {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            assertThat(r.next()).as(query).isTrue();
            return r.getLong(1);
        }
    }

    private static int cli(String... args) {
        return new CommandLine(new Footfall()).execute(args);
    }
}
