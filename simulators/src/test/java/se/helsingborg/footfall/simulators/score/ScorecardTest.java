package se.helsingborg.footfall.simulators.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.Simulation;

class ScorecardTest {
    private static final SiteModel SITE = SiteModel.example();
    @TempDir
    static Path truthDir;

    @BeforeAll
    static void writeTruth() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        Simulation sim = new Simulation(SITE, 2, day.atTime(7, 0).atZone(SITE.timezone()).toInstant());
        Instant end = day.atTime(21, 0).atZone(SITE.timezone()).toInstant();
        while (sim.clock().isBefore(end)) {
            sim.nextMinute();
        }
        sim.truth().writeCsv(truthDir);
    }

    @Test
    void errorsAreMeasuredOverEveryKeyEitherSideHas() {
        Map<Key, Long> truth = Map.of(new Key("lib", "t1"), 10L, new Key("lib", "t2"), 4L, new Key("lib", "t3"), 2L);
        Map<Key, Long> results = Map.of(new Key("lib", "t1"), 10L, new Key("lib", "t2"), 7L, new Key("lib", "t4"), 1L);
        Comparison c = Comparison.of(Metric.OCCUPANCY, truth, results);
        assertThat(c.compared()).isEqualTo(4);
        assertThat(c.missingInResults()).isEqualTo(1); // t3
        assertThat(c.missingInTruth()).isEqualTo(1); // t4
        // errors: 0, +3, −2 (t3 missing: 0 − 2), +1 (t4: 1 − 0)
        assertThat(c.meanAbsoluteError()).isCloseTo(6 / 4.0, within(1e-9));
        assertThat(c.bias()).isCloseTo(2 / 4.0, within(1e-9));
        assertThat(c.maxError()).isEqualTo(3);
        assertThat(c.exactShare()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void theTruthAgainstItselfIsExactAndAbsentTablesAreSaidToBeAbsent(@TempDir Path results) throws Exception {
        Files.copy(truthDir.resolve("occupancy.csv"), results.resolve("occupancy.csv"));
        Files.copy(truthDir.resolve("visitors_daily.csv"), results.resolve("visitors_daily.csv"));
        Scorecard card = Scorecard.score(new CsvTables(truthDir), new CsvTables(results));
        Comparison occupancy = card.line(Metric.OCCUPANCY).comparison();
        assertThat(occupancy.compared()).isGreaterThan(1000);
        assertThat(occupancy.exactShare()).isEqualTo(1.0);
        assertThat(occupancy.meanAbsoluteError()).isZero();
        assertThat(occupancy.missingInResults() + occupancy.missingInTruth()).isZero();
        assertThat(card.line(Metric.VISITORS).comparison().compared()).isEqualTo(2);
        assertThat(card.line(Metric.GATE_ENTRIES).absent()).isEqualTo("not in results");
        assertThat(card.line(Metric.FLOWS).absent()).isEqualTo("not in results");

        String printed = print(card);
        assertThat(printed).contains("gate entries").contains("not in results");
        assertThat(printed.lines().filter(l -> l.startsWith("occupancy ")).findFirst().orElseThrow()).contains("100.0%");
    }

    @Test
    void aDriftingCounterShowsAsBiasAndResultsOutsideTheTruthsDaysAreLeftAlone(@TempDir Path results) throws Exception {
        List<String> truthRows = Files.readAllLines(truthDir.resolve("visitors_daily.csv"));
        // One visitor fewer at each site, and a row from another week the simulation never saw.
        List<String> rows = new java.util.ArrayList<>(List.of(truthRows.get(0), "stadsbiblioteket,2026-10-01,5000"));
        for (String row : truthRows.subList(1, truthRows.size())) {
            String[] cells = row.split(",");
            rows.add(cells[0] + "," + cells[1] + "," + (Long.parseLong(cells[2]) - 1));
        }
        Files.write(results.resolve("visitors_daily.csv"), rows);
        Comparison visitors = Scorecard.score(new CsvTables(truthDir), new CsvTables(results)).line(Metric.VISITORS).comparison();
        assertThat(visitors.compared()).isEqualTo(truthRows.size() - 1);
        assertThat(visitors.bias()).isEqualTo(-1.0);
        assertThat(visitors.maxError()).isEqualTo(1);
        assertThat(visitors.exactShare()).isZero();
    }

    @Test
    void aFileWithoutTheColumnsIsRefusedByName(@TempDir Path results) throws Exception {
        Files.writeString(results.resolve("occupancy.csv"), "zone,minute,people\nlib,2026-11-23T07:00:00Z,3\n");
        assertThatThrownBy(() -> new CsvTables(results).read(Metric.OCCUPANCY, null)).hasMessageContaining("no column zone_id");
    }

    private static String print(Scorecard card) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        card.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
