package se.helsingborg.footfall.storage.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.storage.Database;

/**
 * Opens the sink's connection on the task that writes, reading the password from the
 * environment there (Flink's own provider would carry it inside the serialised job graph).
 *
 * <p>When a batch fails, the sink asks for a new connection before it retries. A database that
 * is briefly away (a restart, a failover) is waited for here, with growing pauses, while the
 * sink holds its batch and the job behind it is held back; one that stays away longer makes the
 * sink fail, and Flink restarts the job from its last checkpoint with a backoff of its own.
 */
final class DatabaseConnectionProvider implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseConnectionProvider.class);

    /** Pauses between attempts to reconnect: about 15 s in all before the sink gives up. */
    static final List<Duration> RECONNECT_PAUSES = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

    /**
     * How long the sink waits for the database to answer before it counts the connection as lost,
     * unless the URL sets {@code socketTimeout} itself. Without it, a database cut off by the
     * network (no reset, just silence) would hold a write for as long as TCP keeps trying, and a
     * task that cannot be cancelled makes Flink shut its task manager down.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Database database;
    private final List<Duration> reconnectPauses;
    private final Duration answerTimeout;
    private transient Connection connection;

    DatabaseConnectionProvider(Database database) {
        this(database, RECONNECT_PAUSES, ANSWER_TIMEOUT);
    }

    DatabaseConnectionProvider(Database database, List<Duration> reconnectPauses, Duration answerTimeout) {
        this.database = database;
        this.reconnectPauses = List.copyOf(reconnectPauses);
        this.answerTimeout = answerTimeout;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public Properties getProperties() {
        Properties p = database.connectionProperties();
        p.remove("password");
        return p;
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return connection != null && connection.isValid(5);
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            Properties properties = database.connectionProperties();
            // The driver lets the URL's own socketTimeout win over this one.
            properties.setProperty("socketTimeout", Long.toString(Math.max(1, answerTimeout.toSeconds())));
            connection = DriverManager.getConnection(database.jdbcUrl(), properties);
        }
        return connection;
    }

    @Override
    public void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to save
            }
            connection = null;
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    @Override
    public Connection reestablishConnection() throws SQLException {
        closeConnection();
        for (int attempt = 0; ; attempt++) {
            try {
                return getOrEstablishConnection();
            } catch (SQLException unreachable) {
                // The driver's message names host and port, never the password; the URL is not logged.
                if (attempt >= reconnectPauses.size()) {
                    LOG.warn("Database {} still unreachable after {} attempts; the sink gives up and the job restarts: {}",
                            database.safeUrl(), attempt + 1, unreachable.getMessage());
                    throw unreachable;
                }
                Duration pause = reconnectPauses.get(attempt);
                LOG.warn("Database {} unreachable, holding the batch and trying again in {} s: {}", database.safeUrl(),
                        seconds(pause), unreachable.getMessage());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException cancelled) {
                    Thread.currentThread().interrupt();
                    throw unreachable;
                }
            }
        }
    }
}
