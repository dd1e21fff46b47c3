package se.helsingborg.footfall.storage;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where results go: a JDBC URL and, when the URL does not say, a user. The password is read from
 * {@code PGPASSWORD} when a connection is made, so it is never part of a job graph, a log line or
 * a command line.
 */
public record Database(String jdbcUrl, String user) implements Serializable {
    public static final String PASSWORD_ENV = "PGPASSWORD";

    public Database {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("Footfall stores results in PostgreSQL/TimescaleDB; expected a"
                    + " jdbc:postgresql: URL, got " + redacted(jdbcUrl));
        }
    }

    public static Database of(String jdbcUrl) {
        return new Database(jdbcUrl, System.getenv().getOrDefault("PGUSER", null));
    }

    public Properties connectionProperties() {
        Properties p = new Properties();
        if (user != null && !jdbcUrl.contains("user=")) {
            p.setProperty("user", user);
        }
        String password = System.getenv(PASSWORD_ENV);
        if (password != null && !jdbcUrl.contains("password=")) {
            p.setProperty("password", password);
        }
        // reWriteBatchedInserts folds a batch of INSERTs into multi-row INSERTs, several times
        // faster than one statement per row. PostgreSQL refuses an ON CONFLICT DO UPDATE that meets
        // one key twice in one statement, so the sinks keep one row per key in a batch (UpsertWriter).
        // A URL that sets it otherwise wins.
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("ApplicationName", "footfall");
        return p;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, connectionProperties());
    }

    /** The URL without any password it may carry, for messages and logs. */
    public String safeUrl() {
        return redacted(jdbcUrl);
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    @Override
    public String toString() {
        return safeUrl();
    }
}
