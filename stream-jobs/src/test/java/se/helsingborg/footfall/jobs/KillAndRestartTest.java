package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.jobs.cli.LatestCheckpoint;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * DESIGN §6 end to end: {@code footfall run} is killed with SIGKILL in the middle of a day, the
 * rest of the day is published while it is down, and the same command started again carries on
 * from its last checkpoint and the broker's persistent session. Every message must count exactly
 * once: what was lost with the process is redelivered, what was already counted is dropped.
 */
class KillAndRestartTest {

    @Test
    void aJobKilledMidDayLosesNothingAndCountsNothingTwice() throws Exception {
        // Under target/, kept after the run: the two processes' logs are the first thing to read when it fails.
        Path dir = Files.createDirectories(Path.of("target", "kill-and-restart", UUID.randomUUID().toString().substring(0, 8)));
        String mqtt = TestBroker.mosquittoUri();
        var site = PipelineRun.SITE;
        LocalDate day = LocalDate.of(2026, 11, 27);
        Path siteFile = dir.resolve("site.yaml");
        try (InputStream example = getClass().getResourceAsStream("/sites/helsingborg.yaml")) {
            Files.copy(example, siteFile);
        }
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        String clientId = "footfall-kill-" + UUID.randomUUID().toString().substring(0, 8);

        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            PipelineRun check = new PipelineRun(mqtt, db);
            List<String> command = FootfallProcess.runCommand(siteFile, mqtt, db, clientId,
                    "--checkpoints", checkpoints.toString(), "--checkpoint-interval", "PT1S",
                    // long enough to outlive the restart, short enough not to outlive the test for long
                    "--session-expiry", "PT5M");
            Simulation simulation = new Simulation(site, 31, day.atTime(7, 0).atZone(site.timezone()).toInstant());
            SimulationRunner runner = new SimulationRunner(simulation, SimulationRunner.MAX);

            Process first = FootfallProcess.start(command, dir.resolve("first.log"), db);
            try {
                check.awaitSubscribed("first");
                try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-sim")) {
                    runner.run(day.atTime(13, 0).atZone(site.timezone()).toInstant(), publisher::publish);
                }
                // Kill it once it has a checkpoint and is counting the morning, most likely with
                // messages read but not yet covered by a checkpoint, nor acknowledged.
                PipelineRun.waitFor(java.time.Duration.ofSeconds(30), "a checkpoint", () -> LatestCheckpoint.in(checkpoints).isPresent());
                PipelineRun.waitFor(java.time.Duration.ofSeconds(60), "the morning to be counted", () ->
                        check.count("SELECT count(*) FROM occupancy WHERE minute >= '"
                                + day.atTime(9, 0).atZone(site.timezone()).toInstant() + "'") > 0);
            } finally {
                first.destroyForcibly().waitFor();
            }

            // While the job is down, the afternoon is published; the broker keeps it for the session.
            try (MqttPublisher publisher = new MqttPublisher(mqtt, clientId + "-sim")) {
                runner.run(day.atTime(21, 0).atZone(site.timezone()).toInstant(), publisher::publish);
            }

            Process second = FootfallProcess.start(command, dir.resolve("second.log"), db);
            try {
                check.assertResultsMatch(simulation.truth(), day.atTime(20, 30).atZone(site.timezone()).toInstant(), day, 0,
                        0);
                assertThat(Files.readString(dir.resolve("second.log"))).contains("carrying on from checkpoint");
            } finally {
                second.destroyForcibly().waitFor();
                TestBroker.discardSession(mqtt, clientId + "-0");
            }
        }
    }
}
