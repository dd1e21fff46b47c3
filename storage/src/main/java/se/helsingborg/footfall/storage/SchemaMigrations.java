package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Footfall's schema: the Flyway migrations under {@code db/migration}, then those of the
 * database's engine ({@code db/timescaledb} or {@code db/postgresql}, see {@link DatabaseEngine}).
 * PostgreSQL runs each migration in a transaction, so one that fails leaves the database as it was.
 */
public final class SchemaMigrations {
    private SchemaMigrations() {}

    /** What a migration run did, and on which engine. */
    public record Outcome(DatabaseEngine engine, MigrateResult result) {
        public int migrationsExecuted() {
            return result.migrationsExecuted;
        }
    }

    public static MigrateResult apply(Database db) {
        return migrate(db, SchemaSettings.DEFAULTS).result();
    }

    /**
     * Applies pending migrations. On TimescaleDB it then creates the background policies that are
     * missing and sets those whose age the settings give ({@link TimescalePolicies#apply}).
     */
    public static Outcome migrate(Database db, SchemaSettings settings) {
        Connection connection;
        try {
            connection = db.connect();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database at " + db.safeUrl() + ": " + e.getMessage()
                    + " (is PostgreSQL running? start it with: pg_ctlcluster 15 main start)", e);
        }
        try (OneConnection session = new OneConnection(connection)) {
            DatabaseEngine engine = DatabaseEngine.of(connection);
            MigrateResult result = configure(session, engine, settings).load().migrate();
            if (engine == DatabaseEngine.TIMESCALEDB) {
                connection.setAutoCommit(true);
                TimescalePolicies.apply(connection, settings.rawRetention(), settings.compressAfter());
            }
            return new Outcome(engine, result);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot migrate " + db.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Flyway as Footfall runs it on one session of the database. */
    static org.flywaydb.core.api.configuration.FluentConfiguration configure(
            javax.sql.DataSource session, DatabaseEngine engine, SchemaSettings settings) {
        return Flyway.configure()
                .dataSource(session)
                .locations("classpath:db/migration", engine.migrations)
                .placeholders(settings.placeholders());
    }

    /** Flyway on a session of its own, for tests that stop at a version or add migrations. */
    static OneConnection session(Database db) throws SQLException {
        return new OneConnection(db.connect());
    }
}
