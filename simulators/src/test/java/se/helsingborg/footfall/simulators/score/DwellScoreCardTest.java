package se.helsingborg.footfall.simulators.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.site.SiteModel;

/** Dwell on the score card: the truth's stays per zone-day against dwell_daily rows in dwell.csv. */
class DwellScoreCardTest {
    private static final SiteModel SITE = SiteModel.example();

    @Test
    void theTruthsStaysBelongToTheZonesDayTheyBeganInAndGiveMeanMedianAndP90(@TempDir Path truth) throws Exception {
        // Stockholm is UTC+1 in November. The park's day starts at 04:00, the library's at 03:00.
        Files.writeString(truth.resolve("dwell.csv"), """
                zone_id,visitor,entered,left,dwell_s
                lib,1,2026-11-23T09:00:00Z,2026-11-23T09:10:00Z,600
                lib,2,2026-11-23T09:00:00Z,2026-11-23T09:20:00Z,1200
                lib,3,2026-11-23T09:05:00Z,2026-11-23T10:05:00Z,3600
                park-north,4,2026-11-24T01:30:00Z,2026-11-24T02:00:00Z,1800
                park-north,5,2026-11-24T03:30:00Z,2026-11-24T03:40:00Z,600
                """);
        Map<Key, DwellFigures> days = DwellTruth.read(truth, SITE).orElseThrow();
        assertThat(days).containsOnlyKeys(new Key("lib", "2026-11-23"), new Key("park-north", "2026-11-23"),
                new Key("park-north", "2026-11-24"));
        DwellFigures lib = days.get(new Key("lib", "2026-11-23"));
        assertThat(lib.visits()).isEqualTo(3);
        assertThat(lib.meanSeconds()).isCloseTo(1800, within(1e-9));
        assertThat(lib.medianSeconds()).isEqualTo(1200);
        assertThat(lib.p90Seconds()).isEqualTo(3600);
        assertThat(days.get(new Key("park-north", "2026-11-23")).meanSeconds()).as("02:30 local is the park's Monday").isEqualTo(1800);
    }

    @Test
    void resultsAreComparedPerFigureAndMethodWithRelativeErrors(@TempDir Path dir) throws Exception {
        Path truth = Files.createDirectory(dir.resolve("truth"));
        Path results = Files.createDirectory(dir.resolve("results"));
        Files.writeString(truth.resolve("dwell.csv"), """
                zone_id,visitor,entered,left,dwell_s
                lib,1,2026-11-23T09:00:00Z,2026-11-23T09:10:00Z,600
                lib,2,2026-11-23T09:00:00Z,2026-11-23T09:20:00Z,1200
                lib,3,2026-11-23T09:05:00Z,2026-11-23T10:05:00Z,3600
                lib-digidel,4,2026-11-23T09:00:00Z,2026-11-23T09:20:00Z,1200
                """);
        Files.writeString(results.resolve("dwell.csv"), """
                zone_id,day,method,visits,mean_s,median_s,p90_s
                lib,2026-11-23,littles-law,3,1890.0,,
                lib,2026-11-23,fifo,3,1800.0,1500.0,3000.0
                lib,2026-11-23,deconvolution,3,,1260.0,3600.0
                lib-digidel,2026-11-23,deconvolution,0,,,
                lib,2026-10-01,fifo,3,1.0,1.0,1.0
                """);
        Scorecard card = Scorecard.score(new CsvTables(truth), new CsvTables(results), SITE);

        DwellComparison mean = card.dwell("mean", "littles-law").comparison();
        assertThat(mean.compared()).isEqualTo(1);
        assertThat(mean.missingInResults()).as("Digidel's day").isEqualTo(1);
        assertThat(mean.missingInTruth()).as("October is outside the truth's days").isZero();
        assertThat(mean.bias()).isCloseTo(90, within(1e-9));
        assertThat(mean.maxRelativeError()).isCloseTo(0.05, within(1e-9));
        assertThat(card.dwell("mean", "fifo").comparison().exactShare()).isEqualTo(1.0);
        DwellComparison median = card.dwell("median", "fifo").comparison();
        assertThat(median.meanRelativeError()).isCloseTo(0.25, within(1e-9));
        assertThat(card.dwell("p90", "fifo").comparison().bias()).isCloseTo(-600, within(1e-9));
        DwellComparison deconvolution = card.dwell("median", "deconvolution").comparison();
        assertThat(deconvolution.meanRelativeError()).isCloseTo(0.05, within(1e-9));
        assertThat(deconvolution.missingInResults()).as("Digidel's row without figures").isEqualTo(1);
        assertThat(card.dwell("p90", "deconvolution").comparison().exactShare()).isEqualTo(1.0);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        card.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("dwell median  fifo").contains("25.00%")
                .contains("not in truth"); // the other tables
    }

    @Test
    void resultsWithoutDwellAreSaidToLackIt(@TempDir Path dir) throws Exception {
        Path truth = Files.createDirectory(dir.resolve("truth"));
        Files.writeString(truth.resolve("dwell.csv"), "zone_id,visitor,entered,left,dwell_s\nlib,1,2026-11-23T09:00:00Z,2026-11-23T09:10:00Z,600\n");
        Scorecard card = Scorecard.score(new CsvTables(truth), new CsvTables(Files.createDirectory(dir.resolve("results"))), SITE);
        assertThat(card.dwell("median", "fifo").absent()).isEqualTo("not in results");
    }
}
