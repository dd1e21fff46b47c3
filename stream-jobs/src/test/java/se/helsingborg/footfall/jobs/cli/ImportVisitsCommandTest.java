package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;

class ImportVisitsCommandTest {
    private static final String SITE_FILE = "../sites/helsingborg.yaml";

    @TempDir
    Path dir;

    @Test
    void loadsABaselineYearThatTheGoalProgressThenFollows() throws Exception {
        StringBuilder csv = new StringBuilder("site,day,visitors\n");
        for (java.time.LocalDate d = java.time.LocalDate.of(2024, 1, 1); d.getYear() == 2024; d = d.plusDays(1)) {
            csv.append("stadsbiblioteket,").append(d).append(',').append(d.getDayOfWeek().getValue() >= 6 ? 900 : 1800).append('\n');
        }
        Path file = Files.writeString(dir.resolve("visits-2024.csv"), csv);
        try (TestDatabase db = TestEngine.POSTGRESQL.create()) {
            String url = db.database().jdbcUrl();
            Run first = run("--site", SITE_FILE, "--csv", file.toString(), "--db", url);
            assertThat(first.exit).as(first.err).isZero();
            assertThat(first.out).contains("imported 366 day(s) from 2024-01-01 to 2024-12-31");
            assertThat(run("--site", SITE_FILE, "--csv", file.toString(), "--db", url).exit).isZero();
            try (Connection c = db.database().connect()) {
                assertThat(single(c, "SELECT count(*) FROM baseline_visitors")).as("imported twice, stored once").isEqualTo(366);
                c.createStatement().execute("INSERT INTO visitors_daily VALUES ('stadsbiblioteket', '2026-03-01', 2500)");
                assertThat(single(c, "SELECT count(*) FROM goal_progress WHERE baseline_method = 'daily'")).isEqualTo(1);
            }
        }
    }

    @Test
    void aFileWithBadLinesIsRefusedWholeNamingEveryBadLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.csv"), """
                site,day,visitors
                stadsbiblioteket,2024-01-01,1000
                stadsbiblioteket,2024-13-01,1000
                nowhere,2024-01-03,1000
                stadsbiblioteket,2024-01-04,-5
                """);
        try (TestDatabase db = TestEngine.POSTGRESQL.create()) {
            Run run = run("--site", SITE_FILE, "--csv", file.toString(), "--db", db.database().jdbcUrl());
            assertThat(run.exit).isNotZero();
            assertThat(run.err).contains("nothing imported").contains("line 3:").contains("line 4: unknown site 'nowhere'")
                    .contains("line 5: visitors cannot be negative");
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImportVisitsCommand command = new ImportVisitsCommand();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }

    private static long single(Connection c, String sql) throws Exception {
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
