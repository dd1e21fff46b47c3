package se.helsingborg.footfall.storage.files;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import se.helsingborg.footfall.storage.results.Retractable;

/**
 * A sink of a bounded job that writes one result table as a CSV file when its input ends. It
 * keeps the last row of each natural key, as the database's upserts do, so a result corrected by a
 * late reading appears once, corrected; a retraction ({@link Retractable}) drops its key, as the
 * database's delete does, so a minute a rewrite emptied has no row. Rows are sorted by their key. Nothing is written when the
 * job fails: a half-finished file would look like a complete result.
 *
 * <p>One file needs one writer, so the sink runs with parallelism 1 (replays do).
 */
public final class CsvTableSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String dir; // a Path is not serializable
    private final CsvTable<T> table;

    public CsvTableSink(Path dir, CsvTable<T> table) {
        this.dir = dir.toAbsolutePath().toString();
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        int parallelism = context.getTaskInfo().getNumberOfParallelSubtasks();
        if (parallelism != 1) {
            throw new IllegalStateException("CSV results need parallelism 1, the job runs " + parallelism);
        }
        return new TableWriter<>(Path.of(dir), table);
    }

    /** Writes rows of a table to {@code dir/<table>.csv} at once, as the sink does at the end of its input. */
    public static <T> void write(Path dir, CsvTable<T> table, Iterable<T> rows) throws IOException {
        TableWriter<T> writer = new TableWriter<>(dir, table);
        for (T row : rows) {
            writer.write(row, null);
        }
        writer.flush(true);
    }

    private static final class TableWriter<T> implements SinkWriter<T> {
        private final Path dir;
        private final CsvTable<T> table;
        private final Map<List<Object>, List<String>> rows = new LinkedHashMap<>();

        TableWriter(Path dir, CsvTable<T> table) {
            this.dir = dir;
            this.table = table;
        }

        @Override
        public void write(T row, Context context) {
            if (row instanceof Retractable r && r.retracted()) {
                rows.remove(table.key().apply(row));
            } else {
                rows.put(table.key().apply(row), table.format(row));
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return;
            }
            List<Map.Entry<List<Object>, List<String>>> sorted = new ArrayList<>(rows.entrySet());
            sorted.sort(Map.Entry.comparingByKey(BY_CELLS));
            Files.createDirectories(dir);
            Path file = dir.resolve(table.fileName());
            Path partial = dir.resolve(table.fileName() + ".partial");
            CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
            table.columns().forEach(schema::addColumn);
            try (Writer out = Files.newBufferedWriter(partial);
                    SequenceWriter csv = new CsvMapper().writerFor(List.class).with(schema.build()).writeValues(out)) {
                for (var row : sorted) {
                    csv.write(row.getValue());
                }
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            rows.clear();
        }

        @Override
        public void close() {
            rows.clear();
        }
    }

    /** Keys compare cell by cell, numbers as numbers and the rest (ids, ISO times, dates) as text. */
    private static final Comparator<List<Object>> BY_CELLS = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x instanceof Number n && y instanceof Number m
                    ? Double.compare(n.doubleValue(), m.doubleValue())
                    : CsvTable.cell(x).compareTo(CsvTable.cell(y));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };
}
