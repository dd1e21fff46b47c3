package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.QueryRows;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;

/** The dwell sinks against the real PostgreSQL: a day written again overwrites its rows, and a mean-only method stores nulls. */
class DwellSinksTest {
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
    void dailyRowsAreUpsertsPerZoneDayAndMethod() throws Exception {
        try (var harness = harness(new ResultSinks(db).dwellDaily())) {
            harness.processElement(new DwellDay("lib", DAY, DwellDay.LITTLES_LAW, 10, 2000.0, null, null), 0);
            harness.processElement(new DwellDay("lib", DAY, DwellDay.FIFO, 9, 1900.0, 1500.0, 4000.0), 0);
            harness.prepareSnapshotPreBarrier(1);
            harness.processElement(new DwellDay("lib", DAY, DwellDay.FIFO, 10, 2000.0, 1600.0, 4100.0), 0); // a replay
            harness.endInput();
        }
        assertThat(rows("SELECT zone_id, day, method, visits, mean_s, median_s, p90_s FROM dwell_daily ORDER BY method"))
                .containsExactly("lib 2026-11-23 fifo 10 2000.0 1600.0 4100.0", "lib 2026-11-23 littles-law 10 2000.0 null null");
    }

    @Test
    void hourlyRowsAreUpsertsPerZoneDayHourAndMethod() throws Exception {
        try (var harness = harness(new ResultSinks(db).dwellHourly())) {
            harness.processElement(new DwellHour("lib", DAY, 10, DwellDay.FIFO, 3, 2400.0, 1800.0, 3600.0), 0);
            harness.processElement(new DwellHour("lib", DAY, 11, DwellDay.FIFO, 1, 5400.0, 5400.0, 5400.0), 0);
            harness.prepareSnapshotPreBarrier(1);
            harness.processElement(new DwellHour("lib", DAY, 10, DwellDay.FIFO, 4, 2500.0, 1900.0, 3700.0), 0);
            harness.endInput();
        }
        assertThat(rows("SELECT zone_id, day, entry_hour, method, visits, mean_s, median_s, p90_s FROM dwell_hourly ORDER BY entry_hour"))
                .containsExactly("lib 2026-11-23 10 fifo 4 2500.0 1900.0 3700.0", "lib 2026-11-23 11 fifo 1 5400.0 5400.0 5400.0");
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
