package se.helsingborg.footfall.storage.files;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One result table as a CSV file (DESIGN §7, {@code replay --out}): the file's name, the table's
 * columns in the database's order and names, how a row gives its cells, and the row's natural key,
 * so that a later version of a row replaces the earlier one as the database's upsert would.
 */
public record CsvTable<T>(String name, List<String> columns, SerializableFunction<T, List<Object>> cells,
        SerializableFunction<T, List<Object>> key) implements Serializable {

    public CsvTable {
        columns = List.copyOf(columns);
    }

    /** The row's cells as text: instants in ISO-8601 UTC, local dates as dates, nulls empty. */
    public List<String> format(T row) {
        List<Object> values = cells.apply(row);
        if (values.size() != columns.size()) {
            throw new IllegalStateException(name + ": a row of " + values.size() + " cells for " + columns.size() + " columns");
        }
        List<String> text = new ArrayList<>(values.size());
        for (Object v : values) {
            text.add(cell(v));
        }
        return text;
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Instant || v instanceof LocalDate) {
            return v.toString();
        }
        return String.valueOf(v);
    }

    public String fileName() {
        return name + ".csv";
    }
}
