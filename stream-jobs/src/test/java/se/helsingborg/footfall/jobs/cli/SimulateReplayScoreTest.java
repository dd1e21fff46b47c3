package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * The command line round trip a tester makes: {@code simulate --record --truth}, {@code replay
 * --db}, {@code score --db}. A clean day scores exactly; counters that miss people show as drift.
 */
class SimulateReplayScoreTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final String SITE = Path.of("..", "sites", "helsingborg.yaml").toString();

    @Test
    void aCleanRecordedDayScoresExactVisitorsAndOccupancy(@TempDir Path dir) throws Exception {
        assertExact(roundTrip(dir), dir);
    }

    /**
     * A gateway that holds its uplinks for minutes (up to 12, within the allowed lateness of 15)
     * costs nothing: the late readings count in their own minutes, which are written again, so the
     * day scores as exactly as a clean one, gate by gate and minute by minute.
     */
    @Test
    void aGatewayHoldingUplinksWithinTheLatenessScoresAsExactlyAsACleanDay(@TempDir Path dir) throws Exception {
        assertExact(roundTrip(dir, "--faults", "late"), dir);
    }

    private static void assertExact(Scorecard card, Path dir) throws Exception {
        Comparison visitors = card.line(Metric.VISITORS).comparison();
        assertThat(visitors.compared()).as("both sites on the day").isGreaterThanOrEqualTo(2);
        assertThat(visitors.missingInResults()).isZero();
        assertThat(visitors.exactShare()).isEqualTo(1.0);
        assertThat(visitors.maxError()).isZero();
        Comparison occupancy = card.line(Metric.OCCUPANCY).comparison();
        assertThat(occupancy.compared()).isGreaterThan(1000);
        // The job writes a zone's minute when something happened in it or later: people still in
        // the park after its last crossing of the recording have no rows. Those, and only those,
        // are missing.
        long[] trailing = quietMinutesAtTheEnd(dir.resolve("truth").resolve("occupancy.csv"));
        assertThat(occupancy.missingInResults()).as("zone-minutes missing from the results").isEqualTo(trailing[0]);
        assertThat(Math.round(occupancy.meanAbsoluteError() * occupancy.compared())).as("occupancy errors").isEqualTo(trailing[1]);
        assertThat(card.line(Metric.ZONE_ENTRIES).comparison().maxError()).isZero();
        assertThat(card.line(Metric.ZONE_EXITS).comparison().maxError()).isZero();
        for (Metric exact : new Metric[] {Metric.GATE_ENTRIES, Metric.GATE_EXITS, Metric.FLOWS}) {
            Comparison gates = card.line(exact).comparison();
            assertThat(gates.compared()).as(exact + " compared").isGreaterThan(100);
            assertThat(gates.maxError()).as(exact + " largest error").isZero();
            assertThat(gates.missingInResults()).as(exact + " missing").isZero();
        }
    }

    @Test
    void countersThatMissExitsScoreAsOccupancyDriftingUpwards(@TempDir Path dir) throws Exception {
        Scorecard card = roundTrip(dir, "--miss-rate", "exit=0.05");
        // The park door's "out" is an exit from the library but an entry to the park: only the
        // park's visitors can be missed, never overcounted.
        Comparison visitors = card.line(Metric.VISITORS).comparison();
        assertThat(visitors.bias()).isNegative();
        assertThat(visitors.exactShare()).isGreaterThan(0);
        Comparison occupancy = card.line(Metric.OCCUPANCY).comparison();
        assertThat(occupancy.bias()).as("people left uncounted stay 'inside'").isPositive();
        assertThat(occupancy.exactShare()).isLessThan(0.9);
        assertThat(card.line(Metric.ZONE_EXITS).comparison().bias()).isNegative();
    }

    /** Per the truth's zones: rows after the zone's last minute with a crossing, and the people in them. */
    private static long[] quietMinutesAtTheEnd(Path occupancyCsv) throws java.io.IOException {
        java.util.Map<String, java.util.List<String[]>> byZone = new java.util.TreeMap<>();
        Files.readAllLines(occupancyCsv).stream().skip(1).map(l -> l.split(","))
                .forEach(c -> byZone.computeIfAbsent(c[0], z -> new java.util.ArrayList<>()).add(c));
        long rows = 0;
        long people = 0;
        for (var minutes : byZone.values()) {
            for (int i = minutes.size() - 1; i >= 0 && minutes.get(i)[3].equals("0") && minutes.get(i)[4].equals("0"); i--) {
                rows++;
                people += Long.parseLong(minutes.get(i)[2]);
            }
        }
        return new long[] {rows, people};
    }

    private static Scorecard roundTrip(Path dir, String... simulateFlags) throws Exception {
        Path recording = dir.resolve("day.jsonl");
        Path truth = dir.resolve("truth");
        String[] simulate = {"simulate", "--site", SITE, "--record", recording.toString(), "--truth", truth.toString(),
            "--seed", "17", "--start", "2026-11-30T06:00", "--days", "0.875"};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(simulate), java.util.Arrays.stream(simulateFlags))
                .toArray(String[]::new);
        assertThat(cli(args)).isZero();
        assertThat(Files.size(recording)).isPositive();
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.database();
            String url = db.jdbcUrl() + (db.jdbcUrl().contains("?") ? "&" : "?") + "user=" + db.user();
            assertThat(cli("replay", "--site", SITE, "--input", recording.toString(), "--db", url)).isZero();
            assertThat(cli("score", "--truth", truth.toString(), "--db", url)).isZero();
            return Scorecard.score(new CsvTables(truth), new DatabaseTables(Database.of(url)));
        }
    }

    private static int cli(String... args) {
        return new CommandLine(new Footfall()).execute(args);
    }
}
