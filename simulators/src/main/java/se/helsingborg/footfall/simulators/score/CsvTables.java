package se.helsingborg.footfall.simulators.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Results as CSV files in a directory, one per table with a header row (DESIGN §7): what
 * {@code replay --out} and {@code simulate --truth} write. Columns are found by their header
 * names, so extra columns and another order do no harm.
 */
public final class CsvTables implements ResultTables {
    private final Path dir;

    public CsvTables(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no directory " + dir);
        }
        this.dir = dir;
    }

    @Override
    public Optional<Map<Key, Long>> read(Metric metric, TimeSpan span) throws IOException {
        Path file = dir.resolve(metric.table() + ".csv");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<Key, Long> values = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            CsvRows rows = new CsvRows(in, file);
            List<String> columns = rows.columns();
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(file + " is empty; it needs at least a header row");
            }
            List<Integer> ids = new ArrayList<>();
            for (String c : metric.idColumns()) {
                ids.add(column(columns, c, file));
            }
            int time = column(columns, metric.timeColumn(), file);
            int value = column(columns, metric.valueColumn(), file);
            String[] cells;
            while ((cells = rows.next()) != null) {
                String[] row = cells;
                Key key = new Key(ids.stream().map(i -> row[i].trim()).reduce((a, b) -> a + "→" + b).orElseThrow(),
                        cells[time].trim());
                if (span != null && !span.contains(key.time())) {
                    continue;
                }
                try {
                    values.merge(key, Long.parseLong(cells[value].trim()), Long::sum);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + rows.line() + ": " + metric.valueColumn() + " is not a whole number: "
                            + cells[value]);
                }
            }
        }
        return Optional.of(values);
    }

    /** The dwell_daily form of {@code dwell.csv} (zone_id, day, method, visits, mean_s, median_s, p90_s); the truth's per-stay form is {@link DwellTruth}'s. */
    @Override
    public Optional<Map<Key, DwellFigures>> dwell(String method, TimeSpan span) throws IOException {
        Path file = dir.resolve("dwell.csv");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<Key, DwellFigures> values = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : Arrays.asList(header.trim().split(",", -1));
            if (!columns.contains("method")) {
                return Optional.empty();
            }
            int zone = column(columns, "zone_id", file);
            int day = column(columns, "day", file);
            int m = column(columns, "method", file);
            int visits = column(columns, "visits", file);
            int mean = column(columns, "mean_s", file);
            int median = column(columns, "median_s", file);
            int p90 = column(columns, "p90_s", file);
            String line;
            while ((line = in.readLine()) != null) {
                String[] cells = line.split(",", -1);
                if (line.isBlank() || !cells[m].trim().equals(method)) {
                    continue;
                }
                Key key = new Key(cells[zone].trim(), cells[day].trim());
                if (span == null || span.contains(key.time())) {
                    values.put(key, new DwellFigures(Long.parseLong(cells[visits].trim()), seconds(cells[mean]), seconds(cells[median]),
                            seconds(cells[p90])));
                }
            }
        }
        return Optional.of(values);
    }

    private static Double seconds(String cell) {
        return cell.isBlank() ? null : Double.valueOf(cell.trim());
    }

    /** The directory, where {@link DwellTruth} finds the truth's stays. */
    public Path dir() {
        return dir;
    }

    private static int column(List<String> columns, String name, Path file) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column " + name + " (its header: " + String.join(",", columns) + ")");
        }
        return i;
    }

    @Override
    public String describe() {
        return dir.toString();
    }
}
