package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Which engine a database is, for the schema: TimescaleDB (hypertables, continuous aggregates,
 * compression and retention) or plain PostgreSQL (the same tables, rollups as views).
 */
public enum DatabaseEngine {
    POSTGRESQL("classpath:db/postgresql"),
    TIMESCALEDB("classpath:db/timescaledb");

    final String migrations;

    DatabaseEngine(String migrations) {
        this.migrations = migrations;
    }

    /**
     * TimescaleDB when its extension is installed in the database, or available and the schema not
     * yet built for plain PostgreSQL; otherwise PostgreSQL. A database keeps the engine its schema
     * was first built for: the extension appearing later does not turn views into aggregates.
     */
    public static DatabaseEngine of(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (exists(s, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
                return TIMESCALEDB;
            }
            boolean builtForPostgres = exists(s, "SELECT 1 FROM pg_views WHERE schemaname = current_schema()"
                    + " AND viewname = 'occupancy_hourly'");
            if (!builtForPostgres && exists(s, "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'")) {
                return TIMESCALEDB;
            }
            return POSTGRESQL;
        }
    }

    private static boolean exists(Statement s, String query) throws SQLException {
        try (ResultSet r = s.executeQuery(query)) {
            return r.next();
        }
    }
}
