package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.ingest.source.metrics.MqttSourceReaderMetrics;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * The broker restarts in the middle of a day: the job reconnects by itself, resubscribes, gets
 * what the broker kept for its session, and counts every message exactly once. Runs its own
 * Mosquitto (the project's settings, on a free port, persisting to a folder of its own) so that
 * restarting it disturbs nothing else.
 */
class BrokerRestartTest {
    /** Keeps the job's metrics, to read the source's reconnect counter. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
                    .setConfiguration(METRICS.addToConfiguration(new Configuration())).build());

    @Test
    void theJobRidesOutABrokerRestart() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "broker-restart", UUID.randomUUID().toString().substring(0, 8)));
        OwnMosquitto broker = new OwnMosquitto(dir);
        String mqtt = broker.uri();

        var site = PipelineRun.SITE;
        LocalDate day = LocalDate.of(2026, 11, 30);
        try (TestPostgres pg = TestPostgres.create()) {
            PipelineRun run = new PipelineRun(mqtt, pg.migrated());
            Simulation simulation = new Simulation(site, 41, day.atTime(8, 0).atZone(site.timezone()).toInstant());
            SimulationRunner runner = new SimulationRunner(simulation, SimulationRunner.MAX);
            try {
                run.startJob();
                try (MqttPublisher publisher = new MqttPublisher(mqtt, "footfall-restart-sim-1")) {
                    runner.run(day.atTime(11, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                // A clean stop writes the sessions and their queued messages to disk.
                broker.stop();
                broker.start();
                try (MqttPublisher publisher = new MqttPublisher(mqtt, "footfall-restart-sim-2")) {
                    runner.run(day.atTime(15, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                run.assertResultsMatch(simulation.truth(), day.atTime(14, 30).atZone(site.timezone()).toInstant(), day, 0);
                Map<String, org.apache.flink.metrics.Metric> reconnects = METRICS.findMetrics(run.jobId(),
                        "footfall\\.ingest\\.mqtt\\." + MqttSourceReaderMetrics.RECONNECTS + "$");
                assertThat(reconnects).as("the source's reconnect counter").isNotEmpty();
                assertThat(reconnects.values()).extracting(m -> ((Counter) m).getCount())
                        .as("reconnects after the broker restart").allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1L));
            } finally {
                run.stop();
            }
        } finally {
            broker.close();
        }
    }
}
