package se.helsingborg.footfall.jobs.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.helsingborg.footfall.simulators.score.Key;
import se.helsingborg.footfall.simulators.score.Metric;
import se.helsingborg.footfall.simulators.score.ResultTables;
import se.helsingborg.footfall.simulators.score.TimeSpan;
import se.helsingborg.footfall.storage.Database;

/** The pipeline's result tables in the database, read as {@code score} compares them. */
final class DatabaseTables implements ResultTables {
    private final Database db;

    DatabaseTables(Database db) {
        this.db = db;
    }

    @Override
    public Optional<Map<Key, Long>> read(Metric metric, TimeSpan span) throws SQLException {
        try (Connection c = db.connect()) {
            if (!exists(c, metric.table())) {
                return Optional.empty();
            }
            String id = String.join(" || '→' || ", metric.idColumns());
            String type = metric.daily() ? "date" : "timestamptz";
            // Column names come from the Metric enum, never from the user.
            String sql = "SELECT " + id + ", " + metric.timeColumn() + ", " + metric.valueColumn() + " FROM " + metric.table()
                    + (span == null ? "" : " WHERE " + metric.timeColumn() + " BETWEEN CAST(? AS " + type + ") AND CAST(? AS " + type + ")");
            Map<Key, Long> values = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (span != null) {
                    s.setString(1, span.first());
                    s.setString(2, span.last());
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        String time = metric.daily() ? r.getDate(2).toLocalDate().toString() : r.getTimestamp(2).toInstant().toString();
                        values.merge(new Key(r.getString(1), time), r.getLong(3), Long::sum);
                    }
                }
            }
            return Optional.of(values);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    @Override
    public String describe() {
        return db.safeUrl();
    }
}
