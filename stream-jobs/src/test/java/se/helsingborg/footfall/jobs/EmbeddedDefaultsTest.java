package se.helsingborg.footfall.jobs;

import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.jobs.embedded.EmbeddedBroker;
import se.helsingborg.footfall.jobs.embedded.EmbeddedDatabase;
import se.helsingborg.footfall.simulators.GroundTruth;
import se.helsingborg.footfall.storage.SchemaMigrations;

/** The same path on what {@code footfall demo} runs by default: the embedded broker and database. */
class EmbeddedDefaultsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aSimulatedSaturdayMorningThroughTheEmbeddedServices() throws Exception {
        LocalDate saturday = LocalDate.of(2026, 11, 28);
        var tz = PipelineRun.SITE.timezone();
        try (EmbeddedBroker broker = EmbeddedBroker.start(); EmbeddedDatabase db = EmbeddedDatabase.start()) {
            SchemaMigrations.apply(db.database());
            PipelineRun run = new PipelineRun(broker.uri(), db.database());
            try {
                run.startJob();
                GroundTruth truth = run.simulate(saturday.atTime(9, 0).atZone(tz).toInstant(),
                        saturday.atTime(14, 0).atZone(tz).toInstant(), 5);
                Instant last = saturday.atTime(13, 30).atZone(tz).toInstant();
                run.assertResultsMatch(truth, last, saturday);
            } finally {
                run.stop();
            }
        }
    }
}
