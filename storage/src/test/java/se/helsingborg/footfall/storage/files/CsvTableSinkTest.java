package se.helsingborg.footfall.storage.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/** The CSV result files keep the last version of each key, as the tables do: a retraction drops its key. */
class CsvTableSinkTest {
    private static final Instant MINUTE = Instant.parse("2026-11-23T09:00:00Z");

    @Test
    void aRetractionDropsItsKeysRowAndALaterRowOfTheKeyBringsItBack(@TempDir Path dir) throws Exception {
        CsvTableSink.write(dir, CsvResultSinks.GATE_COUNTS, List.of(
                new GateMinute("park-door", MINUTE.plusSeconds(60), 2, 0),
                new GateMinute("main-entrance", MINUTE, 5, 1),
                new GateMinute("main-entrance", MINUTE.plusSeconds(60), 3, 0),
                GateMinute.retraction("main-entrance", MINUTE),
                GateMinute.retraction("park-door", MINUTE.plusSeconds(60)),
                new GateMinute("park-door", MINUTE.plusSeconds(60), 1, 0),
                GateMinute.retraction("park-door", MINUTE.plusSeconds(120)))); // a key with no row
        assertThat(Files.readAllLines(dir.resolve("gate_counts.csv"))).containsExactly(
                "gate_id,minute,entries,exits,estimated_entries,estimated_exits",
                "main-entrance,2026-11-23T09:01:00Z,3,0,0,0",
                "park-door,2026-11-23T09:01:00Z,1,0,0,0");
    }

    @Test
    void aTableWhoseEveryRowIsRetractedIsAHeaderAlone(@TempDir Path dir) throws Exception {
        CsvTableSink.write(dir, CsvResultSinks.OCCUPANCY, List.of(
                new OccupancyMinute("lib", MINUTE, 2, 2, 0, 0), OccupancyMinute.retraction("lib", MINUTE)));
        assertThat(Files.readAllLines(dir.resolve("occupancy.csv")))
                .containsExactly("zone_id,minute,occupancy,max_occupancy,entries,exits");
    }
}
