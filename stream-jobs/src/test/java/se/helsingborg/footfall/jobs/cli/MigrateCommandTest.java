package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;

/** {@code ./footfall migrate} on both engines, as an operator runs it. */
class MigrateCommandTest {
    private static final Path SITE_FILE = Path.of("../sites/helsingborg.yaml");
    /** The migrations for every engine, and the engine's own V3. */
    private static final long MIGRATIONS = countMigrations() + 1;

    private static long countMigrations() {
        try (var files = java.nio.file.Files.list(Path.of("../storage/src/main/resources/db/migration"))) {
            return files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void migratesWritesTheSiteModelAndSetsPoliciesWhereTheEngineHasThem(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            String url = db.database().jdbcUrl();
            String first = migrate("--db", url, "--site", SITE_FILE.toString());
            assertThat(first).contains(engine == TestEngine.TIMESCALEDB ? "(TimescaleDB)" : "(PostgreSQL)")
                    .contains(MIGRATIONS + " migration(s) applied").contains("site model written: 2 site(s)")
                    .doesNotContain("password=timescale");
            String second = migrate("--db", url, "--raw-retention", "P30D");
            assertThat(second).contains("0 migration(s) applied");
            if (engine == TestEngine.TIMESCALEDB) {
                assertThat(first).contains("raw readings kept PT2160H; chunks compressed after PT168H");
                assertThat(second).as("compression as it was").contains("raw readings kept PT720H; chunks compressed after PT168H");
            } else {
                assertThat(second).contains("need TimescaleDB and were not applied");
            }
            try (Connection c = db.database().connect(); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*) FROM zones WHERE lat IS NOT NULL")) {
                r.next();
                assertThat(r.getInt(1)).as("zones with a place on the map").isPositive();
            }
        }
    }

    private static String migrate(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MigrateCommand command = new MigrateCommand();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(command).execute(args);
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed;
    }
}
