package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.Goal;
import se.helsingborg.footfall.ingest.site.Site;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * Writes the site file's sites (with their goals), zones, gates and devices into their tables, so
 * SQL and dashboards can join on names, capacities and places.
 */
public final class SiteModelTables {
    private SiteModelTables() {}

    public static void write(Database db, SiteModel model) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO sites (site_id, name, timezone, goal_baseline_year, goal_baseline_visitors,
                        goal_multiplier, goal_target_year) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (site_id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone,
                        goal_baseline_year = EXCLUDED.goal_baseline_year,
                        goal_baseline_visitors = EXCLUDED.goal_baseline_visitors,
                        goal_multiplier = EXCLUDED.goal_multiplier, goal_target_year = EXCLUDED.goal_target_year""")) {
                for (Site site : model.sites()) {
                    Goal goal = site.goal();
                    s.setString(1, site.id());
                    s.setString(2, site.name());
                    s.setString(3, model.timezone().getId());
                    s.setObject(4, goal == null ? null : goal.baselineYear(), Types.INTEGER);
                    s.setObject(5, goal == null ? null : goal.baselineVisitors(), Types.BIGINT);
                    s.setObject(6, goal == null ? null : goal.multiplier(), Types.DOUBLE);
                    s.setObject(7, goal == null ? null : goal.targetYear(), Types.INTEGER);
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO zones (zone_id, site_id, parent_id, name, capacity, lat, lon, busy_at, full_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (zone_id) DO UPDATE SET site_id = EXCLUDED.site_id, parent_id = EXCLUDED.parent_id,
                        name = EXCLUDED.name, capacity = EXCLUDED.capacity, lat = EXCLUDED.lat, lon = EXCLUDED.lon,
                        busy_at = EXCLUDED.busy_at, full_at = EXCLUDED.full_at""")) {
                for (Zone z : model.zones()) {
                    s.setString(1, z.id());
                    s.setString(2, z.site());
                    s.setString(3, z.parent());
                    s.setString(4, z.name());
                    s.setInt(5, z.capacity());
                    s.setObject(6, z.lat(), Types.DOUBLE);
                    s.setObject(7, z.lon(), Types.DOUBLE);
                    s.setInt(8, model.alerts().busyAt(z));
                    s.setInt(9, model.alerts().fullAt(z));
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO gates (gate_id, from_zone, to_zone) VALUES (?, ?, ?)
                    ON CONFLICT (gate_id) DO UPDATE SET from_zone = EXCLUDED.from_zone, to_zone = EXCLUDED.to_zone""")) {
                for (Gate g : model.gates()) {
                    s.setString(1, g.id());
                    s.setString(2, g.from());
                    s.setString(3, g.to());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO devices (device_id, model, envelope, zone_id, reporting_interval_s) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (device_id) DO UPDATE SET model = EXCLUDED.model, envelope = EXCLUDED.envelope,
                        zone_id = EXCLUDED.zone_id, reporting_interval_s = EXCLUDED.reporting_interval_s""");
                    PreparedStatement forget = c.prepareStatement("DELETE FROM device_lines WHERE device_id = ?");
                    PreparedStatement line = c.prepareStatement(
                            "INSERT INTO device_lines (device_id, line, gate_id) VALUES (?, ?, ?)")) {
                for (Device d : model.devices()) {
                    s.setString(1, d.id());
                    s.setString(2, d.model());
                    s.setString(3, d.envelope());
                    s.setString(4, d.zone());
                    s.setInt(5, d.reportingIntervalSeconds());
                    s.addBatch();
                    forget.setString(1, d.id());
                    forget.addBatch();
                    for (var l : d.lines().entrySet()) {
                        line.setString(1, d.id());
                        line.setInt(2, l.getKey());
                        line.setString(3, l.getValue());
                        line.addBatch();
                    }
                }
                s.executeBatch();
                forget.executeBatch(); // the site file is the truth: lines it no longer maps go
                line.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the site model to " + db.safeUrl() + ": " + e.getMessage(), e);
        }
    }
}
