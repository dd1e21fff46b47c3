package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.Site;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/** Writes the site file's sites, zones and gates into their tables, so SQL can join on names and capacities. */
public final class SiteModelTables {
    private SiteModelTables() {}

    public static void write(Database db, SiteModel model) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO sites (site_id, name, timezone) VALUES (?, ?, ?)
                    ON CONFLICT (site_id) DO UPDATE SET name = EXCLUDED.name, timezone = EXCLUDED.timezone""")) {
                for (Site site : model.sites()) {
                    s.setString(1, site.id());
                    s.setString(2, site.name());
                    s.setString(3, model.timezone().getId());
                    s.addBatch();
                }
                s.executeBatch();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO zones (zone_id, site_id, parent_id, name, capacity) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (zone_id) DO UPDATE SET site_id = EXCLUDED.site_id, parent_id = EXCLUDED.parent_id,
                        name = EXCLUDED.name, capacity = EXCLUDED.capacity""")) {
                for (Zone z : model.zones()) {
                    s.setString(1, z.id());
                    s.setString(2, z.site());
                    s.setString(3, z.parent());
                    s.setString(4, z.name());
                    s.setInt(5, z.capacity());
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
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the site model to " + db.safeUrl() + ": " + e.getMessage(), e);
        }
    }
}
