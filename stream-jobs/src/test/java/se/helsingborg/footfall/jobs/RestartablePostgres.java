package se.helsingborg.footfall.jobs;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A PostgreSQL server of the test's own (the demo's embedded one) that can be stopped and started
 * again: same port, same data folder, so what was written before the stop is there after it, as
 * with a real database that went away for a while.
 */
final class RestartablePostgres implements AutoCloseable {
    private final Path home;
    private final int port;
    private EmbeddedPostgres server;

    RestartablePostgres(Path home) throws IOException {
        this.home = home;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    int port() {
        return port;
    }

    /** A fast shutdown: open connections break, new ones are refused. */
    void stop() throws IOException {
        server.close();
        server = null;
    }

    void start() throws IOException {
        server = EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(home.resolve("data"))
                .setCleanDataDirectory(false) // kept across stop and start; close() removes it
                .start(); // the server's binaries are unpacked once, under the tests' temporary folder
    }

    @Override
    public void close() throws IOException {
        try {
            if (server != null) {
                stop();
            }
        } finally {
            try (var paths = Files.walk(home)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
