package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.decode.AnchorMessage;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.MqttSource;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.simulators.Fault;
import se.helsingborg.footfall.simulators.Faults;
import se.helsingborg.footfall.simulators.MissRate;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.storage.QueryRows;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * The live path and {@code replay} of the same recording write the same results (the analytics issue): a
 * simulated day with every fault on but the two that depend on the watermark's timing (see
 * {@link #WATERMARK_BOUND}), and one with them too, published to a Mosquitto of the test's own and read by the job
 * live, and replayed from the recording, each into a database of its own; every result table is then
 * compared row by row.
 *
 * <p>Live watermarks are periodic, so a stream that stops leaves its last minutes open
 * ({@link FootfallJob#forReplay()}). The recording therefore ends, both ways, with a closing
 * message four hours after the day: a recount of an empty room (closed since 20:00 and reset at
 * 03:00), which changes nothing of the day but moves the live watermark past it and past the
 * park's 04:00 reset, where its dwell day ends. The minutes and days
 * compared end where the simulated day does.
 */
class LiveEqualsReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    /**
     * The faults whose treatment depends on where the watermark stands when a reading comes, left
     * out where every table is compared. Published faster than real time, the live job's periodic
     * watermark (every 200 ms of wall time) trails the readings by minutes of event time, where a
     * replay's trails by the 5 s out-of-orderness: a gateway's buffered uplinks ({@code late}, up
     * to 12 minutes) and a skewed clock's readings then come on time live and late in the replay.
     * Late readings within the allowed lateness count in their own minutes all the same (their
     * minutes are written again, and the capacity alerts settle to what the minutes written again
     * say); {@link #lateAndSkewedReadingsWriteTheSameResultsLiveAndReplayed} compares every table
     * with them on.
     */
    private static final Set<Fault> WATERMARK_BOUND = EnumSet.of(Fault.LATE, Fault.SKEW);
    /** One simulated minute published every so often: about 1200 times real time. */
    private static final Duration PER_MINUTE = Duration.ofMillis(50);

    @Test
    void aRecordingReadLiveFromMqttAndReplayedWritesTheSameResults(@TempDir Path dir) throws Exception {
        Set<Fault> faults = EnumSet.allOf(Fault.class);
        faults.removeAll(WATERMARK_BOUND);
        liveEqualsReplay(dir, faults, tables(END));
    }

    /**
     * With a gateway's buffered uplinks and a skewed clock too: a reading the watermark has passed
     * still counts in its own minute within the allowed lateness, and the minutes it changes are
     * written again, so where the watermark stood when it came no longer matters to any table. That
     * includes the alerts: an alert is raised from the minutes as first written, and its row is
     * written again, or retracted, when the minutes written again say otherwise (while alerts were
     * said from minutes as first written only, 4 episodes of this day differed by 1 to 7 minutes,
     * and one peak by one person). A minute that a rewrite empties (crossings moved out of it to a
     * late period count's own minute) has its row retracted, so it has none, as where the move came
     * before the minute was written: every row of every table is compared.
     */
    @Test
    void lateAndSkewedReadingsWriteTheSameResultsLiveAndReplayed(@TempDir Path dir) throws Exception {
        liveEqualsReplay(dir, EnumSet.allOf(Fault.class), tables(END));
    }

    private static final Instant END = DAY.plusDays(1).atTime(2, 0).atZone(java.time.ZoneId.of("Europe/Stockholm")).toInstant();

    private void liveEqualsReplay(Path dir, Set<Fault> faults, Map<String, String> compared) throws Exception {
        // Alert levels low enough for an ordinary day to raise some; counters that miss entries, so
        // that occupancy is clamped at zero and the corrections have rows.
        SiteModel site = SiteModel.parse(Files.readString(Path.of("..", "sites", "helsingborg.yaml")).replaceFirst(
                "(?m)^alerts: .*$", "alerts: {busy: 0.02, full: 0.04, hysteresis: 0.01, min_duration: 2m}"));
        Instant start = DAY.atTime(6, 0).atZone(site.timezone()).toInstant();
        Instant end = END;
        Simulation simulation = new Simulation(site, 11, start, new Faults(faults, MissRate.parse("in=0.02")));
        List<List<SimulatedMessage>> minutes = new ArrayList<>();
        while (simulation.clock().isBefore(end)) {
            minutes.add(List.copyOf(simulation.nextMinute()));
        }
        // After every zone's dwell day has ended (the park's at 04:00), before the library opens.
        Instant closing = end.plus(Duration.ofHours(4));
        minutes.add(List.of(new SimulatedMessage(closing, Topics.anchor("stadsbiblioteket"),
                AnchorMessage.payload("lib-stage", 0, closing))));
        List<String> lines = new ArrayList<>();
        minutes.forEach(ms -> ms.forEach(m -> lines.add(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time())))));
        Path recording = Files.write(dir.resolve("day.jsonl"), lines);

        try (OwnMosquitto broker = new OwnMosquitto(Files.createDirectories(dir.resolve("mqtt")));
                TestPostgres livePg = TestPostgres.create();
                TestPostgres replayPg = TestPostgres.create()) {
            Database live = livePg.migrated();
            SiteModelTables.write(live, site);
            JobClient job = startLive(site, broker.uri(), live);
            try {
                new PipelineRun(broker.uri(), live).awaitSubscribed("live");
                try (MqttPublisher publisher = new MqttPublisher(broker.uri(), "footfall-live-replay-sim")) {
                    for (List<SimulatedMessage> minute : minutes) {
                        minute.forEach(publisher::publish);
                        Thread.sleep(PER_MINUTE.toMillis());
                    }
                }
                awaitQuiet(site, live, end);
            } finally {
                job.cancel().get();
            }

            Database replayed = replayPg.migrated();
            SiteModelTables.write(replayed, site);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            new FootfallJob(site, RecordedMessageFormat.source(recording), ResultSinkSet.database(replayed)).forReplay().build(env);
            env.execute("footfall-replay-of-live");

            for (var table : compared.entrySet()) {
                List<String> fromLive = rows(live, table.getValue());
                List<String> fromReplay = rows(replayed, table.getValue());
                assertThat(fromReplay).as(table.getKey() + " replayed").isNotEmpty();
                List<String> liveOnly = new ArrayList<>(fromLive);
                liveOnly.removeAll(fromReplay);
                List<String> replayOnly = new ArrayList<>(fromReplay);
                replayOnly.removeAll(fromLive);
                assertThat(liveOnly).as(table.getKey() + ": rows live only (replay only: " + replayOnly + ")").isEmpty();
                assertThat(replayOnly).as(table.getKey() + ": rows in the replay only").isEmpty();
            }
        }
    }

    /** Each result table, up to where the simulated day ends, in one order. */
    private static Map<String, String> tables(Instant end) {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("occupancy", "SELECT zone_id, minute, occupancy, max_occupancy, entries, exits FROM occupancy"
                + " WHERE minute < '" + end + "' ORDER BY 1, 2");
        t.put("gate_counts", "SELECT gate_id, minute, entries, exits, estimated_entries, estimated_exits FROM gate_counts WHERE minute < '" + end + "' ORDER BY 1, 2");
        t.put("visitors_daily", "SELECT site_id, day, visitors, estimated_visitors FROM visitors_daily WHERE day = '" + DAY + "' ORDER BY 1");
        t.put("dwell_daily", "SELECT zone_id, day, method, visits, mean_s, median_s, p90_s FROM dwell_daily"
                + " WHERE day = '" + DAY + "' ORDER BY 1, 3");
        t.put("alerts", "SELECT zone_id, level, started_at, ended_at, threshold, peak_occupancy FROM alerts"
                + " WHERE started_at < '" + end + "' ORDER BY 1, 2, 3");
        t.put("occupancy_corrections", "SELECT zone_id, day, clamps, reset_residual, anchors, anchor_adjustment"
                + " FROM occupancy_corrections WHERE day = '" + DAY + "' ORDER BY 1");
        return t;
    }

    private static JobClient startLive(SiteModel site, String mqtt, Database db) throws Exception {
        var builder = MqttSource.builder().serverUri(mqtt).clientIdPrefix("footfall-live-replay").sessionExpiry(Duration.ofMinutes(2));
        Topics.forSite(site).forEach(builder::topicFilter);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(500);
        new FootfallJob(site, builder.build(), ResultSinkSet.database(db)).build(env);
        return env.executeAsync("footfall-live-of-replay");
    }

    /** Until the live job has written past the day's end and its results stop changing. */
    private static void awaitQuiet(SiteModel site, Database db, Instant end) throws Exception {
        String fingerprint = "SELECT (SELECT count(*) FROM occupancy) * 1000003 + (SELECT count(*) FROM gate_counts) * 1009"
                + " + (SELECT coalesce(sum(visitors), 0) FROM visitors_daily) + (SELECT count(*) FROM alerts)"
                + " + (SELECT count(*) FROM occupancy_corrections) + (SELECT coalesce(sum(visits), 0) FROM dwell_daily)";
        PipelineRun check = new PipelineRun(null, db);
        // The night is quiet (no occupancy rows): that the watermark passed the day's end shows in
        // every device going offline after it.
        PipelineRun.waitFor(Duration.ofSeconds(120), "the live watermark past the day's end", () ->
                check.count("SELECT count(DISTINCT device_id) FROM device_health WHERE NOT online AND minute >= '" + end + "'")
                        == site.devices().size());
        long[] last = {-1};
        int[] same = {0};
        PipelineRun.waitFor(Duration.ofSeconds(120), "the live results to settle", () -> {
            long now = check.count(fingerprint);
            same[0] = now == last[0] ? same[0] + 1 : 0;
            last[0] = now;
            return same[0] >= 12;
        });
    }

    private static List<String> rows(Database db, String sql) throws Exception {
        return QueryRows.of(db, sql, "|");
    }
}
