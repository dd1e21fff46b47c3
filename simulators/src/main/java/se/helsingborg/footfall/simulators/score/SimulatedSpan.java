package se.helsingborg.footfall.simulators.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a simulation covered, from the truth's {@code simulated.csv} (start, end). A stay still
 * going at the end is in no truth (it never finished) while the pipeline still counts its entry,
 * so the zone-day the end cuts short, with people inside, is no fair test of dwell.
 */
public record SimulatedSpan(Instant start, Instant end) {
    /** Empty for a truth written before the span was kept. */
    public static Optional<SimulatedSpan> read(Path dir) throws IOException {
        Path file = dir.resolve("simulated.csv");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file);
        List<String> header = List.of(lines.isEmpty() ? new String[0] : lines.get(0).trim().split(",", -1));
        int start = header.indexOf("start");
        int end = header.indexOf("end");
        if (lines.size() < 2 || start < 0 || end < 0) {
            throw new IllegalArgumentException(file + " needs a header start,end and one row");
        }
        String[] cells = lines.get(1).trim().split(",", -1);
        return Optional.of(new SimulatedSpan(Instant.parse(cells[start].trim()), Instant.parse(cells[end].trim())));
    }

    /** The last minute simulated, as the truth's occupancy keys write it. */
    public String lastMinute() {
        return end.minusSeconds(60).toString();
    }
}
