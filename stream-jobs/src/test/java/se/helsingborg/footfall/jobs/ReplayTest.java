package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestPostgres;

/** A recorded day through the same job graph on a bounded source: exact results, and a second replay changes nothing. */
class ReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void aRecordedDayReplaysExactlyAndASecondReplayChangesNothing(@TempDir Path dir) throws Exception {
        var site = PipelineRun.SITE;
        LocalDate day = LocalDate.of(2026, 11, 26);
        Instant start = day.atTime(6, 0).atZone(site.timezone()).toInstant();
        Instant end = day.plusDays(1).atTime(2, 0).atZone(site.timezone()).toInstant();
        Simulation simulation = new Simulation(site, 21, start);
        List<String> lines = new ArrayList<>();
        while (simulation.clock().isBefore(end)) {
            simulation.nextMinute().forEach(m -> lines.add(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time()))));
        }
        lines.add(lines.size() / 2, "a line that is not a recorded message");
        Path recording = Files.write(dir.resolve("day.jsonl"), lines);

        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            SiteModelTables.write(db, site);
            replay(db, recording);
            PipelineRun check = new PipelineRun(null, db);
            // The whole day, closing time included: a bounded source ends with every minute closed.
            check.assertResultsMatch(simulation.truth(), day.atTime(23, 0).atZone(site.timezone()).toInstant(), day, 0, 1);
            String fingerprint = "SELECT count(*) * 1000003 + sum(occupancy * 31 + entries * 7 + exits) FROM occupancy";
            long before = check.count(fingerprint);
            long visitorsBefore = check.count("SELECT sum(visitors) FROM visitors_daily");
            String gates = "SELECT count(*) * 1000003 + sum(entries * 7 + exits) FROM gate_counts";
            long gatesBefore = check.count(gates);
            long readingsBefore = check.count("SELECT count(*) FROM readings");
            assertThat(readingsBefore).isPositive();
            String health = "SELECT count(*) * 1000003 + count(DISTINCT device_id) * 1009 + sum(counter_resets)"
                    + " + count(*) FILTER (WHERE online) FROM device_health";
            long healthBefore = check.count(health);
            assertThat(check.count("SELECT count(DISTINCT device_id) FROM device_health"))
                    .as("every device reported").isEqualTo(site.devices().size());
            assertThat(check.count("SELECT count(*) FROM device_health WHERE NOT online"))
                    .as("silent once the recording ends, and only then").isEqualTo(site.devices().size());

            // the pipeline's own counts: every line a message, the bad one rejected, no duplicates
            String pipeline = "SELECT sum(messages) * 1000003 + sum(readings) * 1009 + sum(duplicates) * 101"
                    + " + sum(too_late) * 11 + sum(rejected) FROM pipeline_minutes";
            assertThat(check.count("SELECT sum(messages) FROM pipeline_minutes")).as("messages in").isEqualTo(lines.size());
            assertThat(check.count("SELECT sum(rejected) FROM pipeline_minutes")).as("rejected").isEqualTo(1);
            assertThat(check.count("SELECT sum(readings) FROM pipeline_minutes")).as("readings decoded, each stored once")
                    .isEqualTo(readingsBefore);
            assertThat(check.count("SELECT sum(duplicates) + sum(too_late) FROM pipeline_minutes")).isZero();
            long pipelineBefore = check.count(pipeline);

            replay(db, recording);
            assertThat(check.count(pipeline)).as("pipeline counts after a second replay").isEqualTo(pipelineBefore);
            assertThat(check.count(fingerprint)).as("occupancy after a second replay").isEqualTo(before);
            assertThat(check.count("SELECT sum(visitors) FROM visitors_daily")).isEqualTo(visitorsBefore);
            assertThat(check.count(gates)).as("gate counts after a second replay").isEqualTo(gatesBefore);
            assertThat(check.count("SELECT count(*) FROM readings")).as("raw readings, once").isEqualTo(readingsBefore);
            assertThat(check.count(health)).as("device health after a second replay").isEqualTo(healthBefore);
            assertThat(check.count("SELECT count(*) FROM rejected_messages")).as("the bad line, once").isEqualTo(1);
        }
    }

    private static void replay(Database db, Path recording) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new FootfallJob(PipelineRun.SITE, RecordedMessageFormat.source(recording), ResultSinkSet.database(db)).forReplay().build(env);
        env.execute("footfall-replay-test");
    }
}
