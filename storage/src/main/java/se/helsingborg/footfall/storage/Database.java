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
        // Not reWriteBatchedInserts: it folds a batch into one multi-row INSERT, and PostgreSQL
        // refuses an ON CONFLICT DO UPDATE that meets the same key twice in one statement, which a
        // batch of running totals (visitors per day) does. The sinks' batches still go in one
        // round trip; folding them needs rows compacted by key first.
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
