package se.helsingborg.footfall.storage.sink;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.storage.Database;

/**
 * Writes rows in batches that hold each natural key once: a row whose key is already waiting
 * replaces the waiting one, since it is the newer version (a running total, a minute revised by a
 * late reading). So a batch can go as multi-row statements ({@code reWriteBatchedInserts}), which
 * PostgreSQL refuses for an {@code ON CONFLICT DO UPDATE} that meets one key twice, and a burst of
 * revisions of one row costs one write.
 *
 * <p>A batch is written when it holds {@link JdbcExecutionOptions#getBatchSize()} keys; when a row
 * has waited {@link JdbcExecutionOptions#getBatchIntervalMs()}, so none waits longer (a timer of the
 * task's processing-time service, so on the task's own thread); and at every checkpoint and at the
 * end of input ({@link #flush}), so a completed checkpoint never leaves a row behind. A failed write is
 * retried on a new connection after an exponentially growing pause, up to
 * {@link JdbcExecutionOptions#getMaxRetries()} times; the task then fails and Flink's restart
 * strategy replays from the last checkpoint. While it retries the task writes nothing else, which
 * backpressures the job instead of dropping rows.
 *
 * <p>A retraction ({@link se.helsingborg.footfall.storage.results.Retractable}) is the last version
 * of its key like any row: it replaces a row of that key still waiting, and is written as a
 * {@code DELETE} by the key, in a batch of its own beside the upserts. A batch holds each key once,
 * so the two can go in either order, and writing a batch again after a failure gives the same rows.
 */
final class UpsertWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(UpsertWriter.class);
    /** The pause before the first retry; each further retry waits twice as long, up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /**
     * How long a write waits for the database to answer before the connection counts as lost,
     * unless the URL sets {@code socketTimeout} itself. Without it a database cut off by the network
     * (no reset, only silence) would hold a write for as long as TCP keeps trying, in a task Flink
     * cannot cancel.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private final Database database;
    private final UpsertStatement<T> statement;
    private final int batchSize;
    private final long intervalMs;
    private final int maxRetries;
    private final ProcessingTimeService time;
    /** The rows waiting, by natural key. Rows are immutable records, so holding them is safe with object reuse. */
    private final Map<Object, T> batch = new LinkedHashMap<>();

    private Connection connection;
    private PreparedStatement prepared;
    private PreparedStatement deleting;
    private boolean timerPending;
    private boolean closed;

    UpsertWriter(Database database, JdbcExecutionOptions execution, UpsertStatement<T> statement, ProcessingTimeService time) {
        this.database = database;
        this.statement = statement;
        this.batchSize = Math.max(1, execution.getBatchSize());
        this.intervalMs = execution.getBatchIntervalMs();
        this.maxRetries = execution.getMaxRetries();
        this.time = time;
    }

    @Override
    public void write(T row, Context context) throws IOException, InterruptedException {
        batch.put(statement.key().apply(row), row);
        if (batch.size() >= batchSize) {
            writeBatch();
        } else if (!timerPending && intervalMs > 0) {
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + intervalMs, firedAt -> {
                timerPending = false;
                if (!closed) {
                    writeBatch();
                }
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBatch();
    }

    private void writeBatch() throws IOException, InterruptedException {
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                execute();
                batch.clear();
                return;
            } catch (SQLException e) {
                disconnect();
                if (attempt >= maxRetries) {
                    throw new IOException("could not write " + batch.size() + " rows to " + database.safeUrl() + " after "
                            + (attempt + 1) + " attempts: " + describe(e), e);
                }
                Duration pause = backoff(attempt);
                LOG.warn("Writing {} rows to {} failed ({}); retry {} of {} in {} ms", batch.size(), database.safeUrl(),
                        describe(e), attempt + 1, maxRetries, pause.toMillis());
                Thread.sleep(pause.toMillis());
            }
        }
    }

    /** The pause before retry {@code attempt + 1}. */
    static Duration backoff(int attempt) {
        return attempt >= 20 ? MAX_BACKOFF : min(FIRST_BACKOFF.multipliedBy(1L << attempt), MAX_BACKOFF);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void execute() throws SQLException {
        if (prepared == null) {
            java.util.Properties properties = database.connectionProperties();
            properties.setProperty("socketTimeout", Long.toString(ANSWER_TIMEOUT.toSeconds())); // the URL's own wins
            connection = java.sql.DriverManager.getConnection(database.jdbcUrl(), properties);
            prepared = connection.prepareStatement(statement.sql());
            deleting = statement.deleteSql() == null ? null : connection.prepareStatement(statement.deleteSql());
        }
        int upserts = 0;
        int deletes = 0;
        for (T row : batch.values()) {
            if (statement.deletes(row)) {
                statement.deleteBinder().accept(deleting, row);
                deleting.addBatch();
                deletes++;
            } else {
                statement.binder().accept(prepared, row);
                prepared.addBatch();
                upserts++;
            }
        }
        if (upserts > 0) {
            prepared.executeBatch();
        }
        if (deletes > 0) {
            deleting.executeBatch();
        }
    }

    /**
     * The server's error: a failed batch names it in its next exception, after a statement that
     * quotes a row, which could be a long rejected payload and is left out.
     */
    private static String describe(SQLException e) {
        SQLException cause = e.getNextException() != null ? e.getNextException() : e;
        String message = String.valueOf(cause.getMessage());
        return message.length() <= 500 ? message : message.substring(0, 500) + "…";
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being dropped because it failed: nothing left to save
            }
        }
        connection = null;
        prepared = null;
        deleting = null;
    }

    /**
     * Leaves unwritten rows unwritten: at the end of input {@link #flush} has written them, and
     * otherwise the job is stopping without a checkpoint that covers them, so they are replayed.
     */
    @Override
    public void close() {
        closed = true;
        disconnect();
    }
}
