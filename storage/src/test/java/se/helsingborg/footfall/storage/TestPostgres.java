package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty database on the PostgreSQL server the tests use (127.0.0.1:5432 unless
 * FOOTFALL_TEST_PG_URL says otherwise), dropped again when closed. A test that cannot reach the
 * server fails and says how to start it.
 */
public final class TestPostgres implements TestDatabase {
    private static final String SERVER = System.getenv().getOrDefault(
            "FOOTFALL_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getenv().getOrDefault("FOOTFALL_TEST_PG_USER", "postgres");

    private final String name;
    private final Database database;

    private TestPostgres(String name) {
        this.name = name;
        String url = SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + name;
        this.database = new Database(url, USER);
    }

    public static TestPostgres create() {
        String name = "footfall_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("These tests need PostgreSQL at " + SERVER + " (user " + USER
                    + ", trust auth) and could not use it: " + e.getMessage()
                    + ". Start it with: pg_ctlcluster 15 main start (or run .ci/run, which does).", e);
        }
        return new TestPostgres(name);
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public TestEngine engine() {
        return TestEngine.POSTGRESQL;
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(SERVER, USER, System.getenv("PGPASSWORD"));
    }

    @Override
    public void close() throws SQLException {
        if (System.getenv("FOOTFALL_TEST_KEEP_DB") != null) {
            System.err.println("keeping test database " + name + " (FOOTFALL_TEST_KEEP_DB is set)");
            return;
        }
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
