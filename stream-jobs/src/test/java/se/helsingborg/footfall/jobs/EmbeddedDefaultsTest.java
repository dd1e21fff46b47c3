package se.helsingborg.footfall.jobs;

import java.time.LocalDate;
import java.time.LocalTime;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.jobs.embedded.EmbeddedBroker;
import se.helsingborg.footfall.jobs.embedded.EmbeddedDatabase;
import se.helsingborg.footfall.storage.SchemaMigrations;

/** The same path on what {@code footfall demo} runs by default: the embedded broker and database. */
class EmbeddedDefaultsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aSimulatedSaturdayMorningThroughTheEmbeddedServices() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start(); EmbeddedDatabase db = EmbeddedDatabase.start()) {
            SchemaMigrations.apply(db.database());
            new PipelineRun(broker.uri(), db.database())
                    .checkDay(LocalDate.of(2026, 11, 28), LocalTime.of(9, 0), LocalTime.of(14, 0), LocalTime.of(13, 30), 5, false);
        }
    }
}
