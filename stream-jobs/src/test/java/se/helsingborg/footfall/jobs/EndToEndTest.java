package se.helsingborg.footfall.jobs;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * Simulator → Mosquitto → the job on Flink's MiniCluster → PostgreSQL, checked row by row against
 * the simulator's truth for a whole library day.
 */
class EndToEndTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aSimulatedMondayEndsUpInTheDatabaseExactly() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            new PipelineRun(TestBroker.mosquittoUri(), pg.migrated())
                    .checkDay(LocalDate.of(2026, 11, 23), LocalTime.of(7, 0), LocalTime.of(21, 0), LocalTime.of(20, 30), 11, false);
        }
    }

    @Test
    void everyMessageDeliveredTwiceStillCountsOnce() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            new PipelineRun(TestBroker.mosquittoUri(), pg.migrated())
                    .checkDay(LocalDate.of(2026, 11, 24), LocalTime.of(9, 0), LocalTime.of(13, 0), LocalTime.of(12, 30), 12, true);
        }
    }

    @Test
    void tenThousandBadMessagesAmongTheGoodOnesAreEachRejectedAndNothingElseChanges() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            new PipelineRun(TestBroker.mosquittoUri(), pg.migrated())
                    .checkDay(LocalDate.of(2026, 11, 25), LocalTime.of(9, 0), LocalTime.of(13, 0), LocalTime.of(12, 30), 13, false, 10_000);
        }
    }
}
