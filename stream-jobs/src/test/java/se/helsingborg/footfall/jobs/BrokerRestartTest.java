package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import java.util.Map;
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
        TestBroker.mosquittoUri(); // fails with how to install Mosquitto when it is missing
        Path dir = Files.createDirectories(Path.of("target", "broker-restart", UUID.randomUUID().toString().substring(0, 8)));
        int port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        String settings = Files.readString(Path.of("..", "config", "mosquitto", "footfall.conf"))
                .replace("listener 1883 127.0.0.1", "listener " + port + " 127.0.0.1")
                .replace("persistence_location /var/lib/mosquitto/", "persistence_location " + dir.toAbsolutePath() + "/")
                .replace("pid_file /run/mosquitto/mosquitto.pid", "")
                .replace("log_dest file /var/log/mosquitto/mosquitto.log", "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"));
        // Run as the user the tests run as (Mosquitto would otherwise switch to its own user).
        Files.writeString(conf, settings + "\nuser " + System.getProperty("user.name") + "\n");
        String mqtt = "tcp://127.0.0.1:" + port;

        var site = PipelineRun.SITE;
        LocalDate day = LocalDate.of(2026, 11, 30);
        Process broker = startBroker(conf, port);
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
                broker.destroy();
                broker.waitFor();
                broker = startBroker(conf, port);
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
            broker.destroy();
            broker.waitFor();
        }
    }

    private static Process startBroker(Path conf, int port) throws Exception {
        Process p = new ProcessBuilder("mosquitto", "-c", conf.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(conf.resolveSibling("mosquitto.out").toFile())
                .start();
        PipelineRun.waitFor(Duration.ofSeconds(10), "Mosquitto on port " + port, () -> {
            try (var s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
