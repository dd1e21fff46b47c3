package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;
import se.helsingborg.footfall.storage.sink.ResultSinks;

/** The JDBC sinks in a Flink job against the real PostgreSQL. */
class ResultSinksJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @Test
    void runningTotalsForOneKeyInOneBatchLeaveTheLastAndRowsAreUpsertsNotDoubles() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 23);
        Instant minute = Instant.parse("2026-11-23T09:00:00Z");
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            for (int pass = 0; pass < 2; pass++) { // the second pass is a replay of the first
                StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                env.setParallelism(1);
                ResultSinks sinks = new ResultSinks(db);
                env.fromData(new VisitorsDay("lib", day, 5), new VisitorsDay("lib", day, 9), new VisitorsDay("park", day, 2),
                                new VisitorsDay("lib", day, 12))
                        .sinkTo(sinks.visitors());
                env.fromData(new OccupancyMinute("lib", minute, 3, 3, 3, 0), new OccupancyMinute("lib", minute.plusSeconds(60), 4, 4, 1, 0))
                        .sinkTo(sinks.occupancy());
                env.fromData(new OccupancyCorrection("lib", day, 1, null, 0, 0), new OccupancyCorrection("lib", day, 2, null, 0, 0),
                                new OccupancyCorrection("lib", day, 2, 4, 1, 40), new OccupancyCorrection("park", day, 0, null, 1, -3))
                        .sinkTo(sinks.occupancyCorrections());
                env.execute("sinks");
            }
            PipelineRun check = new PipelineRun(null, db);
            assertThat(check.count("SELECT visitors FROM visitors_daily WHERE site_id = 'lib'")).isEqualTo(12);
            assertThat(check.count("SELECT count(*) FROM visitors_daily")).isEqualTo(2);
            assertThat(check.count("SELECT count(*) FROM occupancy")).isEqualTo(2);
            assertThat(check.count("SELECT sum(occupancy) FROM occupancy")).isEqualTo(7);
            assertThat(check.count("SELECT count(*) FROM occupancy_corrections")).isEqualTo(2);
            assertThat(check.count("SELECT clamps * 1000000 + reset_residual * 10000 + anchors * 100 + anchor_adjustment"
                    + " FROM occupancy_corrections WHERE zone_id = 'lib'")).as("the day's last totals, once").isEqualTo(2_040_140);
            assertThat(check.count("SELECT count(*) FROM occupancy_corrections WHERE zone_id = 'park' AND reset_residual IS NULL"
                    + " AND anchor_adjustment = -3")).isEqualTo(1);
        }
    }
}
