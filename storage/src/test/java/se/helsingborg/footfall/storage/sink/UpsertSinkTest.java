package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * The result sinks' writer in Flink's operator test harness (manual processing time, checkpoints
 * on demand) against the real PostgreSQL, with reWriteBatchedInserts on as in production.
 */
class UpsertSinkTest {
    static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private TestPostgres pg;
    private Database db;

    @BeforeEach
    void database() {
        pg = TestPostgres.create();
        db = pg.migrated();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        pg.close();
    }

    @Test
    void aBatchHoldingAKeyManyTimesWritesItsLastRowAtTheCheckpoint() throws Exception {
        try (var harness = harness(new ResultSinks(db, options(1_000, 0, 0)).visitors())) {
            harness.processElement(new VisitorsDay("lib", DAY, 5), 0);
            harness.processElement(new VisitorsDay("lib", DAY, 9), 0);
            harness.processElement(new VisitorsDay("park", DAY, 2), 0);
            harness.processElement(new VisitorsDay("lib", DAY, 12), 0);
            harness.processElement(new VisitorsDay("lib", DAY.plusDays(1), 1), 0);
            assertThat(visitors()).as("nothing is written before the batch is due").isEmpty();

            harness.prepareSnapshotPreBarrier(1);

            assertThat(visitors()).containsExactlyInAnyOrderEntriesOf(Map.of("lib " + DAY, 12L, "park " + DAY, 2L,
                    "lib " + DAY.plusDays(1), 1L));
        }
    }

    @Test
    void aBatchIsWrittenWhenItsFirstRowHasWaitedTheIntervalWithoutFurtherInput() throws Exception {
        try (var harness = harness(new ResultSinks(db, options(1_000, 50, 0)).visitors())) {
            harness.setProcessingTime(1_000);
            harness.processElement(new VisitorsDay("lib", DAY, 5), 0);
            harness.setProcessingTime(1_030);
            harness.processElement(new VisitorsDay("lib", DAY, 7), 0);
            harness.setProcessingTime(1_049);
            assertThat(visitors()).isEmpty();

            harness.setProcessingTime(1_050);
            assertThat(visitors()).containsExactlyEntriesOf(Map.of("lib " + DAY, 7L));

            // The next row starts a new wait of its own.
            harness.setProcessingTime(2_000);
            harness.processElement(new VisitorsDay("park", DAY, 3), 0);
            harness.setProcessingTime(2_049);
            assertThat(visitors()).hasSize(1);
            harness.setProcessingTime(2_050);
            assertThat(visitors()).containsEntry("park " + DAY, 3L);
        }
    }

    @Test
    void fullBatchesAndTheEndOfInputLoseNoRowAndKeepTheLastOfEveryKey() throws Exception {
        Map<String, Long> expected = new TreeMap<>();
        try (var harness = harness(new ResultSinks(db, options(100, 0, 0)).visitors())) {
            for (int i = 0; i < 5_000; i++) {
                String site = "site-" + (i * 7919 % 733); // keys come back in and across batches
                VisitorsDay row = new VisitorsDay(site, DAY, i);
                harness.processElement(row, 0);
                expected.put(site + " " + DAY, (long) i);
            }
            assertThat(visitors().size()).as("full batches are written without waiting").isGreaterThan(600);
            harness.endInput();
        }
        assertThat(visitors()).isEqualTo(expected);
    }

    @Test
    void aBrokenConnectionIsReplacedAndTheBatchWrittenAgain() throws Exception {
        try (var harness = harness(new ResultSinks(db, options(1_000, 0, 3)).visitors())) {
            harness.processElement(new VisitorsDay("lib", DAY, 5), 0);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(terminateOtherSessions()).as("the sink's session").isEqualTo(1);

            harness.processElement(new VisitorsDay("park", DAY, 2), 0);
            harness.prepareSnapshotPreBarrier(2);

            assertThat(visitors()).containsExactlyInAnyOrderEntriesOf(Map.of("lib " + DAY, 5L, "park " + DAY, 2L));
        }
    }

    @Test
    void aDatabaseThatStaysAwayFailsTheTaskAfterTheRetriesWithGrowingPauses() throws Exception {
        Database nowhere = new Database("jdbc:postgresql://127.0.0.1:1/footfall?connectTimeout=2", "postgres");
        try (var harness = harness(new ResultSinks(nowhere, options(1_000, 0, 2)).visitors())) {
            harness.processElement(new VisitorsDay("lib", DAY, 5), 0);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> harness.prepareSnapshotPreBarrier(1)).hasStackTraceContaining("after 3 attempts");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        }
        assertThat(UpsertWriter.backoff(0)).isEqualTo(Duration.ofMillis(500));
        assertThat(UpsertWriter.backoff(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(UpsertWriter.backoff(3)).isEqualTo(Duration.ofMillis(4000));
        assertThat(UpsertWriter.backoff(10)).isEqualTo(UpsertWriter.MAX_BACKOFF);
        assertThat(UpsertWriter.backoff(100)).isEqualTo(UpsertWriter.MAX_BACKOFF);
    }

    @Test
    void retriesAndTheFailureNameTheDatabaseWithoutItsPassword() throws Exception {
        String secret = "never-log-" + System.nanoTime();
        Database nowhere = new Database("jdbc:postgresql://127.0.0.1:1/footfall?connectTimeout=2&password=" + secret, "postgres");
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(UpsertWriter.class);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try (var harness = harness(new ResultSinks(nowhere, options(1_000, 0, 1)).visitors())) {
            harness.processElement(new VisitorsDay("lib", DAY, 5), 0);
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> harness.prepareSnapshotPreBarrier(1));
            java.io.StringWriter trace = new java.io.StringWriter();
            failure.printStackTrace(new java.io.PrintWriter(trace));
            assertThat(trace.toString()).contains("password=***").doesNotContain(secret);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).as("retry lines").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(secret));
    }

    private static <T> OneInputStreamOperatorTestHarness<T, ?> harness(Sink<T> sink) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<T, CommittableMessage<Void>>(
                new SinkWriterOperatorFactory<T, Void>(sink));
        harness.open();
        return harness;
    }

    private static JdbcExecutionOptions options(int batchSize, long intervalMs, int retries) {
        return JdbcExecutionOptions.builder().withBatchSize(batchSize).withBatchIntervalMs(intervalMs).withMaxRetries(retries).build();
    }

    /** visitors_daily as "site day" → visitors. */
    private Map<String, Long> visitors() throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT site_id, day, visitors FROM visitors_daily ORDER BY site_id, day")) {
            while (r.next()) {
                rows.put(r.getString(1) + " " + r.getDate(2).toLocalDate(), r.getLong(3));
            }
        }
        return rows;
    }

    /** Ends every other session on the test database, as a database restart would; how many there were. */
    private int terminateOtherSessions() throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND pid <> pg_backend_pid()")) {
            r.next();
            return r.getInt(1);
        }
    }
}
