package se.helsingborg.footfall.jobs.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.helsingborg.footfall.simulators.score.DwellFigures;
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

    @Override
    public Optional<Map<Key, DwellFigures>> dwell(String method, TimeSpan span) throws SQLException {
        try (Connection c = db.connect()) {
            if (!exists(c, "dwell_daily")) {
                return Optional.empty();
            }
            String sql = "SELECT zone_id, day, visits, mean_s, median_s, p90_s FROM dwell_daily WHERE method = ?"
                    + (span == null ? "" : " AND day BETWEEN CAST(? AS date) AND CAST(? AS date)");
            Map<Key, DwellFigures> values = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, method);
                if (span != null) {
                    s.setString(2, span.first());
                    s.setString(3, span.last());
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        values.put(new Key(r.getString(1), r.getDate(2).toLocalDate().toString()), new DwellFigures(r.getLong(3),
                                r.getObject(4, Double.class), r.getObject(5, Double.class), r.getObject(6, Double.class)));
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
