package se.helsingborg.footfall.jobs;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.simulators.GroundTruth;
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
        String mqtt = TestBroker.mosquittoUri();
        LocalDate monday = LocalDate.of(2026, 11, 23);
        var tz = PipelineRun.SITE.timezone();
        try (TestPostgres pg = TestPostgres.create()) {
            PipelineRun run = new PipelineRun(mqtt, pg.migrated());
            try {
                run.startJob();
                GroundTruth truth = run.simulate(monday.atTime(7, 0).atZone(tz).toInstant(),
                        monday.atTime(21, 0).atZone(tz).toInstant(), 11);
                Instant last = monday.atTime(20, 30).atZone(tz).toInstant();
                run.assertResultsMatch(truth, last, monday);
            } finally {
                run.stop();
            }
        }
    }
}
