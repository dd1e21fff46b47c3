package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** A query's rows as text for assertions: each row's cells joined by a separator, times as ISO instants. */
public final class QueryRows {
    private QueryRows() {}

    public static List<String> of(Database db, String sql, String separator) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object v = r.getObject(i);
                    cells.add(v instanceof Timestamp t ? t.toInstant().toString() : String.valueOf(v));
                }
                rows.add(String.join(separator, cells));
            }
        }
        return rows;
    }
}
