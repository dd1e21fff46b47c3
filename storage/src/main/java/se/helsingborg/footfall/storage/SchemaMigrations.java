package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Applies Footfall's schema (the Flyway migrations under {@code db/migration}). PostgreSQL runs
 * each migration in a transaction, so one that fails leaves the database as it was.
 */
public final class SchemaMigrations {
    private SchemaMigrations() {}

    public static MigrateResult apply(Database db) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(db.jdbcUrl());
        var props = db.connectionProperties();
        if (props.containsKey("user")) {
            ds.setUser(props.getProperty("user"));
        }
        if (props.containsKey("password")) {
            ds.setPassword(props.getProperty("password"));
        }
        try (Connection probe = ds.getConnection()) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database at " + db.safeUrl() + ": " + e.getMessage()
                    + " (is PostgreSQL running? start it with: pg_ctlcluster 15 main start)", e);
        }
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }
}
