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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.QueryRows;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * Retractions through the sinks into the real PostgreSQL (reWriteBatchedInserts on, as in
 * production): a minute or day a rewrite emptied, or an alert episode it undid, loses its row, by
 * key, and no other row; within a batch the last of a key's versions wins, retraction or row.
 */
class RetractionSinksTest {
    private static final Instant MINUTE = Instant.parse("2026-11-23T09:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

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
    void aRetractedGateMinuteIsDeletedAndTheGatesOtherMinutesAndGatesStay() throws Exception {
        try (var harness = harness(sinks().gateCounts())) {
            harness.processElement(new GateMinute("main-entrance", MINUTE, 5, 1), 0);
            harness.processElement(new GateMinute("main-entrance", MINUTE.plusSeconds(60), 2, 0), 0);
            harness.processElement(new GateMinute("park-door", MINUTE, 3, 3), 0);
            harness.prepareSnapshotPreBarrier(1);
            assertThat(rows("SELECT gate_id, minute, entries, exits FROM gate_counts ORDER BY 1, 2")).hasSize(3);

            harness.processElement(GateMinute.retraction("main-entrance", MINUTE), 0);
            harness.prepareSnapshotPreBarrier(2);
        }
        assertThat(rows("SELECT gate_id, minute, entries, exits FROM gate_counts ORDER BY 1, 2")).containsExactly(
                "main-entrance " + MINUTE.plusSeconds(60) + " 2 0", "park-door " + MINUTE + " 3 3");
    }

    @Test
    void aRetractedOccupancyMinuteIsDeletedAndARowAfterItInTheSameBatchStands() throws Exception {
        try (var harness = harness(sinks().occupancy())) {
            harness.processElement(new OccupancyMinute("lib", MINUTE, 2, 2, 2, 0), 0);
            harness.processElement(new OccupancyMinute("lib", MINUTE.plusSeconds(60), 2, 2, 0, 0), 0);
            harness.processElement(new OccupancyMinute("lib", MINUTE.plusSeconds(120), 2, 2, 0, 0), 0);
            harness.prepareSnapshotPreBarrier(1);

            // one batch: minute 1 retracted, minute 2 retracted and then written again
            harness.processElement(OccupancyMinute.retraction("lib", MINUTE.plusSeconds(60)), 0);
            harness.processElement(OccupancyMinute.retraction("lib", MINUTE.plusSeconds(120)), 0);
            harness.processElement(new OccupancyMinute("lib", MINUTE.plusSeconds(120), 1, 2, 0, 1), 0);
            harness.prepareSnapshotPreBarrier(2);
        }
        assertThat(rows("SELECT zone_id, minute, occupancy, max_occupancy, entries, exits FROM occupancy ORDER BY 1, 2"))
                .containsExactly("lib " + MINUTE + " 2 2 2 0", "lib " + MINUTE.plusSeconds(120) + " 1 2 0 1");
    }

    @Test
    void aRowAndItsRetractionInOneBatchLeaveNoRowAndARetractionOfNoRowChangesNothing() throws Exception {
        try (var harness = harness(sinks().visitors())) {
            harness.processElement(new VisitorsDay("stadsparken", DAY, 8), 0);
            harness.processElement(new VisitorsDay("stadsparken", DAY.plusDays(1), 3), 0);
            harness.processElement(VisitorsDay.retraction("stadsparken", DAY.plusDays(1)), 0);
            harness.processElement(VisitorsDay.retraction("stadsbiblioteket", DAY), 0); // never written
            harness.endInput();
        }
        assertThat(rows("SELECT site_id, day, visitors FROM visitors_daily ORDER BY 1, 2")).containsExactly("stadsparken " + DAY + " 8");
    }

    @Test
    void aRetractedAlertEpisodeIsDeletedAndTheZonesOtherEpisodesStay() throws Exception {
        try (var harness = harness(sinks().alerts())) {
            harness.processElement(new CapacityAlert("lib-stage", AlertLevel.BUSY, MINUTE.plusSeconds(120), null, 3, 5), 0);
            harness.processElement(new CapacityAlert("lib-stage", AlertLevel.FULL, MINUTE.plusSeconds(240), null, 6, 6), 0);
            harness.processElement(new CapacityAlert("lib-digidel", AlertLevel.BUSY, MINUTE.plusSeconds(120), null, 34, 36), 0);
            harness.prepareSnapshotPreBarrier(1);

            // one batch: the busy episode began a minute earlier, and the full one never lasted
            harness.processElement(CapacityAlert.retraction("lib-stage", AlertLevel.BUSY, MINUTE.plusSeconds(120)), 0);
            harness.processElement(new CapacityAlert("lib-stage", AlertLevel.BUSY, MINUTE.plusSeconds(60), null, 3, 5), 0);
            harness.processElement(new CapacityAlert("lib-stage", AlertLevel.FULL, MINUTE.plusSeconds(240), MINUTE.plusSeconds(420), 6, 7), 0);
            harness.processElement(CapacityAlert.retraction("lib-stage", AlertLevel.FULL, MINUTE.plusSeconds(240)), 0);
            harness.prepareSnapshotPreBarrier(2);
        }
        assertThat(rows("SELECT zone_id, level, started_at, ended_at, threshold, peak_occupancy FROM alerts ORDER BY 1, 2, 3"))
                .containsExactly("lib-digidel busy " + MINUTE.plusSeconds(120) + " null 34 36",
                        "lib-stage busy " + MINUTE.plusSeconds(60) + " null 3 5");
    }

    private ResultSinks sinks() {
        return new ResultSinks(db, JdbcExecutionOptions.builder().withBatchSize(1_000).withBatchIntervalMs(0).withMaxRetries(0).build());
    }

    private static <T> OneInputStreamOperatorTestHarness<T, ?> harness(Sink<T> sink) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<T, CommittableMessage<Void>>(new SinkWriterOperatorFactory<T, Void>(sink));
        harness.open();
        return harness;
    }

    private List<String> rows(String sql) throws SQLException {
        return QueryRows.of(db, sql, " ");
    }
}
