package se.helsingborg.footfall.jobs.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import se.helsingborg.footfall.storage.Database;

/** A throw-away PostgreSQL server for the demo, on a free loopback port, deleted when closed. */
public final class EmbeddedDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final Path home;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path home) {
        this.postgres = postgres;
        this.home = home;
    }

    public static EmbeddedDatabase start() {
        try {
            Path home = Files.createTempDirectory("footfall-db");
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(home.resolve("data"))
                    .setCleanDataDirectory(false) // close() removes the whole folder itself
                    .setOverrideWorkingDirectory(home.resolve("work").toFile())
                    .start();
            return new EmbeddedDatabase(pg, home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        }
    }

    public Database database() {
        return new Database(postgres.getJdbcUrl("postgres", "postgres"), null);
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the server is going away with the demo either way
        } finally {
            Cleanup.deleteTree(home);
        }
    }
}
