package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;

/**
 * The database goes away in the middle of a day while messages keep arriving, and comes back:
 * {@code footfall run} holds back, gives up writing, restarts with growing pauses, and carries on
 * by itself once the database is there again. Every message must count exactly once, and the
 * password in the database URL must never reach the log. The broker is a Mosquitto of the test's
 * own, so that other tests' messages for the same site (on other days) do not reach this job.
 */
class DatabaseOutageTest {
    /**
     * How long the database stays away. Longer than the sink's own retries (pauses of 0.5, 1, 2, 4
     * and 8 s, about 15 s in all, started by the first batch after the stop), so that the sink gives up at least once
     * and the job restarts, failing to open its sinks once or twice more with growing pauses
     * (1, 2, 4 s) before the database returns; short enough for the test to take about a minute.
     */
    static final Duration OUTAGE = Duration.ofSeconds(20);

    private static final String PASSWORD = "never-log-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aDatabaseOutageLosesNothingAndDoublesNothing() throws Exception {
        // Under target/, kept after the run: the job's log is the first thing to read when it fails.
        Path dir = Files.createDirectories(Path.of("target", "database-outage", UUID.randomUUID().toString().substring(0, 8)));
        var site = PipelineRun.SITE;
        LocalDate day = LocalDate.of(2026, 12, 2);
        Path siteFile = dir.resolve("site.yaml");
        try (InputStream example = getClass().getResourceAsStream("/sites/helsingborg.yaml")) {
            Files.copy(example, siteFile);
        }
        String clientId = "footfall-outage-" + UUID.randomUUID().toString().substring(0, 8);
        Path log = dir.resolve("footfall.log");

        try (OwnMosquitto broker = new OwnMosquitto(Files.createDirectories(dir.resolve("mosquitto")));
                RestartablePostgres pg = new RestartablePostgres(dir.resolve("postgres"))) {
            String mqtt = broker.uri();
            // The server trusts local connections; the password is there to be kept out of the log.
            Database db = new Database("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres?user=postgres&password=" + PASSWORD,
                    null);
            SchemaMigrations.apply(db); // before the job, so that the test can look for its rows from the start
            PipelineRun check = new PipelineRun(mqtt, db);
            Simulation simulation = new Simulation(site, 53, day.atTime(7, 0).atZone(site.timezone()).toInstant());
            SimulationRunner runner = new SimulationRunner(simulation, SimulationRunner.MAX);

            Process job = FootfallProcess.start(operatorLogging(FootfallProcess.runCommand(siteFile, mqtt, db, clientId,
                    "--checkpoint-interval", "PT1S", "--session-expiry", "PT5M")), log, db, "FOOTFALL_LOG_LEVEL", "INFO");
            try {
                check.awaitSubscribed("start");
                try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-sim")) {
                    runner.run(day.atTime(11, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                PipelineRun.waitFor(Duration.ofSeconds(60), "the morning to be counted", () ->
                        check.count("SELECT count(*) FROM occupancy WHERE minute >= '"
                                + day.atTime(9, 0).atZone(site.timezone()).toInstant() + "'") > 0);

                long away = System.nanoTime();
                pg.stop();
                // The midday arrives while the database is away: the job reads it, cannot write it,
                // and must not acknowledge it.
                try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-sim")) {
                    runner.run(day.atTime(15, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                long left = OUTAGE.toMillis() - (System.nanoTime() - away) / 1_000_000;
                Thread.sleep(Math.max(0, left));
                pg.start();

                try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-sim")) {
                    runner.run(day.atTime(21, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                check.assertResultsMatch(simulation.truth(), day.atTime(20, 30).atZone(site.timezone()).toInstant(), day, 0, 0);
                assertThat(job.isAlive()).as("the job is still running").isTrue();
            } finally {
                job.destroy();
                job.waitFor();
                TestBroker.discardSession(mqtt, clientId + "-0");
            }
        }

        String output = Files.readString(log);
        assertThat(output).as("the sink waited for the database, then gave up")
                .containsPattern("Writing \\d+ rows to .* failed \\(.*\\); retry 1 of 5 in 500 ms")
                .containsPattern("could not write \\d+ rows to .* after 6 attempts");
        assertThat(output).as("the job restarted").contains("switched from state RUNNING to RESTARTING");
        assertThat(output).as("a fatal error in a task's clean-up takes the task manager down")
                .doesNotContain("FATAL - exception in exception handler").doesNotContain("TaskManager #0 failed");
        assertThat(output).as("the database password in the log").doesNotContain(PASSWORD);
    }

    /** The command with the launcher's own logging (what an operator sees) instead of the tests'. */
    private static List<String> operatorLogging(List<String> command) {
        return command.stream().filter(arg -> !arg.startsWith("-Dlogback")).toList();
    }
}
