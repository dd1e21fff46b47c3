package se.helsingborg.footfall.jobs;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Mosquitto of the test's own: the project's settings, on a free port, persisting to a folder
 * of its own. A test that restarts it disturbs nothing else, and other tests' traffic on the
 * shared broker (the same topics, other days) does not reach its job.
 */
final class OwnMosquitto implements AutoCloseable {
    private final Path conf;
    private final int port;
    private Process process;

    OwnMosquitto(Path dir) throws Exception {
        TestBroker.mosquittoUri(); // fails with how to install Mosquitto when it is missing
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        conf = dir.resolve("mosquitto.conf");
        String settings = Files.readString(Path.of("..", "config", "mosquitto", "footfall.conf"))
                .replace("listener 1883 127.0.0.1", "listener " + port + " 127.0.0.1")
                .replace("persistence_location /var/lib/mosquitto/", "persistence_location " + dir.toAbsolutePath() + "/")
                .replace("pid_file /run/mosquitto/mosquitto.pid", "")
                .replace("log_dest file /var/log/mosquitto/mosquitto.log", "log_dest file " + dir.toAbsolutePath().resolve("mosquitto.log"));
        // Run as the user the tests run as (Mosquitto would otherwise switch to its own user).
        Files.writeString(conf, settings + "\nuser " + System.getProperty("user.name") + "\n");
        start();
    }

    String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws Exception {
        process = new ProcessBuilder("mosquitto", "-c", conf.toAbsolutePath().toString())
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
    }

    /** A clean stop: Mosquitto writes the sessions and their queued messages to disk. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
