package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.helsingborg.footfall.storage.QueryRows;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * The estimated part of gate counts and daily visitors goes through the sinks' own statements into
 * its columns and back unchanged, on both engines; a later version of a row replaces it, estimate
 * and all, and a counted row says nothing was estimated.
 */
class EstimatedCountsSinkTest {
    private static final Instant MINUTE = Instant.parse("2026-11-24T08:49:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void theEstimatedColumnsRoundTripAndAreReplacedByTheRowsLastVersion(TestEngine engine) throws Exception {
        try (TestDatabase test = engine.create()) {
            Database db = test.migrated();
            ResultSinks sinks = new ResultSinks(db, JdbcExecutionOptions.builder().withBatchSize(1).withBatchIntervalMs(0)
                    .withMaxRetries(0).build());
            write(sinks.gateCounts(), new GateMinute("park-gate-west", MINUTE, 50, 30, 20, 20),
                    new GateMinute("park-gate-west", MINUTE.plusSeconds(60), 3, 1));
            write(sinks.visitors(), new VisitorsDay("stadsparken", DAY, 140, 20), new VisitorsDay("stadsbiblioteket", DAY, 12));
            assertThat(rows(db, "SELECT gate_id, minute, entries, exits, estimated_entries, estimated_exits FROM gate_counts"))
                    .containsExactly("park-gate-west|" + MINUTE + "|50|30|20|20", "park-gate-west|" + MINUTE.plusSeconds(60) + "|3|1|0|0");
            assertThat(rows(db, "SELECT site_id, day, visitors, estimated_visitors FROM visitors_daily"))
                    .containsExactly("stadsbiblioteket|" + DAY + "|12|0", "stadsparken|" + DAY + "|140|20");

            // a rewrite of the minute and the day (a late count, a replay) sets the estimate as it now is
            write(sinks.gateCounts(), new GateMinute("park-gate-west", MINUTE, 47, 29, 20, 20));
            write(sinks.visitors(), new VisitorsDay("stadsparken", DAY, 141, 20), new VisitorsDay("stadsbiblioteket", DAY, 13, 4));
            assertThat(rows(db, "SELECT gate_id, minute, entries, exits, estimated_entries, estimated_exits FROM gate_counts"))
                    .containsExactly("park-gate-west|" + MINUTE + "|47|29|20|20", "park-gate-west|" + MINUTE.plusSeconds(60) + "|3|1|0|0");
            assertThat(rows(db, "SELECT site_id, day, visitors, estimated_visitors FROM visitors_daily"))
                    .containsExactly("stadsbiblioteket|" + DAY + "|13|4", "stadsparken|" + DAY + "|141|20");
        }
    }

    @SafeVarargs
    private static <T> void write(Sink<T> sink, T... rows) throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<T, CommittableMessage<Void>>(new SinkWriterOperatorFactory<T, Void>(sink))) {
            harness.open();
            for (T row : rows) {
                harness.processElement(row, 0);
            }
            harness.prepareSnapshotPreBarrier(1);
        }
    }

    /** The query's rows in key order, cells joined by '|', times as instants. */
    private static List<String> rows(Database db, String query) throws SQLException {
        return QueryRows.of(db, query + " ORDER BY 1, 2", "|");
    }
}
