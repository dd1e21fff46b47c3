package se.helsingborg.footfall.jobs.cli;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.Database;

/**
 * The demo's terminal view, read back from the database the job writes: every zone's latest
 * occupancy against its capacity, today's entries, and every site's visitors today.
 */
final class LiveView {
    record ZoneLine(String zone, String name, int capacity, int occupancy, long entriesToday) {}

    record SiteLine(String site, String name, long visitorsToday) {}

    record Snapshot(List<ZoneLine> zones, List<SiteLine> sites) {
        long visitors() {
            return sites.stream().mapToLong(SiteLine::visitorsToday).sum();
        }
    }

    private final Database db;
    private final SiteModel site;

    LiveView(Database db, SiteModel site) {
        this.db = db;
        this.site = site;
    }

    Snapshot read(LocalDate day) throws SQLException {
        Instant from = day.atStartOfDay(site.timezone()).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(site.timezone()).toInstant();
        List<ZoneLine> zones = new ArrayList<>();
        List<SiteLine> sites = new ArrayList<>();
        try (Connection c = db.connect()) {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT z.zone_id, z.name, z.capacity, coalesce(last.occupancy, 0),
                           coalesce((SELECT sum(entries) FROM occupancy o
                                     WHERE o.zone_id = z.zone_id AND o.minute >= ? AND o.minute < ?), 0)
                    FROM zones z
                    LEFT JOIN LATERAL (SELECT occupancy FROM occupancy o
                                       WHERE o.zone_id = z.zone_id AND o.minute < ?
                                       ORDER BY minute DESC LIMIT 1) last ON true
                    ORDER BY z.site_id, z.zone_id""")) {
                s.setTimestamp(1, java.sql.Timestamp.from(from));
                s.setTimestamp(2, java.sql.Timestamp.from(to));
                s.setTimestamp(3, java.sql.Timestamp.from(to));
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        zones.add(new ZoneLine(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getLong(5)));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT s.site_id, s.name, coalesce(v.visitors, 0)
                    FROM sites s LEFT JOIN visitors_daily v ON v.site_id = s.site_id AND v.day = ?
                    ORDER BY s.site_id""")) {
                s.setObject(1, day);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sites.add(new SiteLine(r.getString(1), r.getString(2), r.getLong(3)));
                    }
                }
            }
        }
        return new Snapshot(zones, sites);
    }

    void print(PrintStream out, Snapshot snap, Instant simulatedClock, String header) {
        DateTimeFormatter hm = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm");
        out.println();
        out.printf("%s   simulated time %s (%s)%n", header,
                LocalDateTime.ofInstant(simulatedClock, site.timezone()).format(hm), site.timezone());
        out.printf("  %-22s %-26s %17s %6s %14s%n", "zone", "name", "occupancy/cap", "%", "entries today");
        for (ZoneLine z : snap.zones()) {
            String pct = z.capacity() == 0 ? "-" : String.format("%.0f", 100.0 * z.occupancy() / z.capacity());
            out.printf("  %-22s %-26s %8d / %-6d %6s %14d%n", z.zone(), z.name(), z.occupancy(), z.capacity(), pct, z.entriesToday());
        }
        for (SiteLine s : snap.sites()) {
            out.printf("  visitors today, %-20s %10d%n", s.name() + ":", s.visitorsToday());
        }
        out.flush();
    }
}
