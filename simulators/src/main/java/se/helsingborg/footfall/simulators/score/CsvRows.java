package se.helsingborg.footfall.simulators.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The rows of a CSV table as {@code replay --out} and {@code simulate --truth} write them: a
 * header row, then rows of as many cells, blank lines skipped. A row of another width is an
 * error that names the file and line, rather than a cell read from the wrong column.
 */
final class CsvRows {
    private final BufferedReader in;
    private final Path file;
    private final List<String> columns;
    private int line = 1;

    /** Reads the header; an empty file has no columns. */
    CsvRows(BufferedReader in, Path file) throws IOException {
        this.in = in;
        this.file = file;
        String header = in.readLine();
        this.columns = header == null ? List.of() : Arrays.asList(header.trim().split(",", -1));
    }

    List<String> columns() {
        return columns;
    }

    /** The next row's cells, or null at the end of the file. */
    String[] next() throws IOException {
        String text;
        while ((text = in.readLine()) != null) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] cells = text.split(",", -1);
            if (cells.length != columns.size()) {
                throw new IllegalArgumentException(file + " line " + line + ": " + cells.length + " cells, the header has "
                        + columns.size());
            }
            return cells;
        }
        return null;
    }

    /** The number of the line {@link #next} returned last, for error messages. */
    int line() {
        return line;
    }
}
