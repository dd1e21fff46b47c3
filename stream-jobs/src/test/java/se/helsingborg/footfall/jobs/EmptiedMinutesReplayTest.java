package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
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
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.storage.QueryRows;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestPostgres;

/**
 * A door counter's uplink of 23:59–00:00 held by a gateway, through the whole job graph (replay of
 * a recording) into PostgreSQL and into CSV files. The totals of 00:01 recover its crossings into
 * the new day's first minute, which is written: a gate minute, a zone minute and a visitors day
 * that on time have no row. The held period count then moves them to their own minute, which
 * empties those three, and the tables end as the same uplinks on time leave them: the rows are
 * deleted in the database and absent from the files.
 */
class EmptiedMinutesReplayTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: town}]
            zones: [{id: hall, site: town, hours: always}]
            gates: [{id: hall-door, from: outside, to: hall}]
            devices:
              - {id: door-1, model: footfall-json, gate: hall-door}
            """);
    /** 23:58 local on Monday 23 November: the first period ends a minute later. */
    private static final Instant T0 = LocalDateTime.of(2026, 11, 23, 23, 58).atZone(SITE.timezone()).toInstant();
    private static final String TOPIC = "footfall/v1/town/door-1/up";
    /** People in and out per minute from 23:58; nobody after midnight. */
    private static final int[][] COUNTS = {{1, 1}, {2, 2}, {0, 0}, {0, 0}, {0, 0}, {0, 0}, {0, 0}};
    /** The uplink that a gateway holds (the period 23:59–00:00), sent on after that of {@link #FLUSHED}. */
    private static final int HELD = 1;
    /** The uplink of 00:04. */
    private static final int FLUSHED = 5;

    private static final List<String> EXPECTED_GATES = List.of(
            "hall-door " + T0 + " 1 1", "hall-door " + T0.plusSeconds(60) + " 2 2");
    private static final List<String> EXPECTED_OCCUPANCY = List.of(
            "hall " + T0 + " 0 0 1 1", "hall " + T0.plusSeconds(60) + " 0 0 2 2");
    private static final List<String> EXPECTED_VISITORS = List.of("town 2026-11-23 3");

    @Test
    void minutesAHeldUplinkEmptiesHaveNoRowInTheTablesOrTheFiles(@TempDir Path dir) throws Exception {
        Path late = Files.write(dir.resolve("late.jsonl"), recording(true));
        Path onTime = Files.write(dir.resolve("on-time.jsonl"), recording(false));
        try (TestPostgres latePg = TestPostgres.create(); TestPostgres onTimePg = TestPostgres.create()) {
            Database lateDb = latePg.migrated();
            Database onTimeDb = onTimePg.migrated();
            SiteModelTables.write(lateDb, SITE);
            SiteModelTables.write(onTimeDb, SITE);
            replay(late, ResultSinkSet.database(lateDb));
            replay(onTime, ResultSinkSet.database(onTimeDb));

            for (Database db : List.of(lateDb, onTimeDb)) {
                assertThat(rows(db, "SELECT gate_id, minute, entries, exits FROM gate_counts ORDER BY 1, 2"))
                        .isEqualTo(EXPECTED_GATES);
                assertThat(rows(db, "SELECT zone_id, minute, occupancy, max_occupancy, entries, exits FROM occupancy ORDER BY 1, 2"))
                        .isEqualTo(EXPECTED_OCCUPANCY);
                assertThat(rows(db, "SELECT site_id, day, visitors FROM visitors_daily ORDER BY 1, 2")).isEqualTo(EXPECTED_VISITORS);
            }
        }

        Path files = dir.resolve("out");
        replay(late, ResultSinkSet.csv(files));
        assertThat(Files.readAllLines(files.resolve("gate_counts.csv"))).containsExactly("gate_id,minute,entries,exits,estimated_entries,estimated_exits",
                "hall-door," + T0 + ",1,1,0,0", "hall-door," + T0.plusSeconds(60) + ",2,2,0,0");
        assertThat(Files.readAllLines(files.resolve("occupancy.csv"))).containsExactly(
                "zone_id,minute,occupancy,max_occupancy,entries,exits",
                "hall," + T0 + ",0,0,1,1", "hall," + T0.plusSeconds(60) + ",0,0,2,2");
        assertThat(Files.readAllLines(files.resolve("visitors_daily.csv"))).containsExactly("site_id,day,visitors,estimated_visitors", "town,2026-11-23,3,0");
    }

    /**
     * Each minute's uplink: the period's counts and the running totals, two Footfall JSON messages
     * with ids of their own. {@code held}: the uplink of {@link #HELD} comes after that of
     * {@link #FLUSHED}, as a gateway that lost its backhaul for a few minutes sends it on.
     */
    private static List<String> recording(boolean held) {
        List<String> lines = new ArrayList<>();
        List<String> heldLines = new ArrayList<>();
        long totalIn = 100;
        long totalOut = 100;
        for (int i = 0; i < COUNTS.length; i++) {
            totalIn += COUNTS[i][0];
            totalOut += COUNTS[i][1];
            Instant end = T0.plusSeconds(60L * (i + 1));
            boolean late = i == HELD && held;
            List<String> uplink = late ? heldLines : lines;
            Instant received = late ? T0.plusSeconds(60L * (FLUSHED + 1) + 2) : end.plusSeconds(1);
            uplink.add(message(received, "{\"device\": \"door-1\", \"id\": " + (2 * i) + ", \"time\": \"" + end
                    + "\", \"type\": \"line\", \"in\": " + COUNTS[i][0] + ", \"out\": " + COUNTS[i][1] + ", \"period_s\": 60}"));
            uplink.add(message(received, "{\"device\": \"door-1\", \"id\": " + (2 * i + 1) + ", \"time\": \"" + end
                    + "\", \"type\": \"line\", \"total_in\": " + totalIn + ", \"total_out\": " + totalOut + "}"));
            if (i == FLUSHED) {
                lines.addAll(heldLines);
            }
        }
        return lines;
    }

    private static String message(Instant received, String json) {
        return RecordedMessages.format(new RawMessage(TOPIC, json.getBytes(StandardCharsets.UTF_8), received));
    }

    private static void replay(Path recording, ResultSinkSet sinks) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        new FootfallJob(SITE, RecordedMessageFormat.source(recording), sinks).forReplay().build(env);
        env.execute("footfall-emptied-minutes-test");
    }

    private static List<String> rows(Database db, String sql) throws Exception {
        return QueryRows.of(db, sql, " ");
    }
}
