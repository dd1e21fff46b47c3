package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual recounts recorded in the {@code anchors} table ({@code ./footfall anchor --db}), for a
 * replay of history to apply at their times. The same recount recorded again replaces the first.
 */
public final class Recounts {
    /** Someone counted {@code count} people in {@code zoneId} at {@code time}. */
    public record Recount(String zoneId, Instant time, int count) {}

    private Recounts() {}

    public static void write(Database db, Recount recount) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO anchors (zone_id, time, count) VALUES (?, ?, ?)
                ON CONFLICT (zone_id, time) DO UPDATE SET count = EXCLUDED.count, recorded_at = now()""")) {
            ps.setString(1, recount.zoneId());
            ps.setTimestamp(2, Timestamp.from(recount.time()));
            ps.setInt(3, recount.count());
            ps.executeUpdate();
        }
    }

    /** The recounts from {@code from} to {@code to} (inclusive), oldest first. */
    public static List<Recount> between(Database db, Instant from, Instant to) throws SQLException {
        List<Recount> recounts = new ArrayList<>();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT zone_id, time, count FROM anchors WHERE time BETWEEN ? AND ? ORDER BY time, zone_id")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    recounts.add(new Recount(r.getString(1), r.getTimestamp(2).toInstant(), r.getInt(3)));
                }
            }
        }
        return recounts;
    }
}
