package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;
import se.helsingborg.footfall.storage.TimescalePolicies;

/**
 * The same results written with the sinks' own statements into plain PostgreSQL and TimescaleDB
 * give the same answers to the queries dashboards ask, before and after the rollups are
 * materialised; writing the same batch again changes nothing, on either engine, compressed
 * chunks included; and rows retracted with the sinks' deletes (compressed chunks again) leave the
 * same answers on both.
 */
class EnginesAgreeTest {
    private static final Instant START = Instant.parse("2026-11-22T20:00:00Z"); // crosses a local midnight
    private static final int MINUTES = 8 * 60;
    private static final List<String> ZONES = List.of("lib", "lib-digidel", "park-north");
    private static final List<String> GATES = List.of("main-entrance", "park-door", "digidel-door");

    /** Questions dashboards ask, each answered in a fixed order. */
    private static final Map<String, String> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("occupancy per hour", "SELECT zone_id, hour, max_occupancy, person_minutes, entries, exits"
                + " FROM occupancy_hourly ORDER BY zone_id, hour");
        QUERIES.put("occupancy per day", "SELECT zone_id, day, max_occupancy, person_minutes, entries, exits"
                + " FROM occupancy_daily ORDER BY zone_id, day");
        QUERIES.put("gates per hour", "SELECT gate_id, hour, entries, exits FROM gate_counts_hourly ORDER BY gate_id, hour");
        QUERIES.put("gates per day", "SELECT gate_id, day, entries, exits FROM gate_counts_daily ORDER BY gate_id, day");
        QUERIES.put("estimated per gate and day", """
                SELECT gate_id, (minute AT TIME ZONE 'Europe/Stockholm')::date, sum(estimated_entries), sum(estimated_exits)
                FROM gate_counts GROUP BY 1, 2 ORDER BY 1, 2""");
        QUERIES.put("flows", "SELECT from_zone, to_zone, sum(people) FROM flows GROUP BY 1, 2 ORDER BY 1, 2");
        QUERIES.put("share of capacity now", """
                SELECT z.zone_id, o.occupancy, round(100.0 * o.occupancy / nullif(z.capacity, 0), 1)
                FROM zones z JOIN LATERAL (SELECT occupancy FROM occupancy o WHERE o.zone_id = z.zone_id
                                           ORDER BY minute DESC LIMIT 1) o ON true
                ORDER BY z.zone_id""");
        QUERIES.put("busiest minute per zone", """
                SELECT DISTINCT ON (zone_id) zone_id, minute, max_occupancy FROM occupancy
                ORDER BY zone_id, max_occupancy DESC, minute""");
    }

    @Test
    void bothEnginesGiveTheSameAnswersAndASecondWriteChangesNothing() throws Exception {
        Map<String, List<String>> postgres;
        try (TestDatabase db = TestEngine.POSTGRESQL.create()) {
            postgres = fillAndAsk(db, false);
        }
        try (TestDatabase db = TestEngine.TIMESCALEDB.create()) {
            Map<String, List<String>> timescale = fillAndAsk(db, true);
            for (String question : postgres.keySet()) {
                assertThat(timescale.get(question)).as(question).isNotEmpty().isEqualTo(postgres.get(question));
            }
        }
    }

    private static Map<String, List<String>> fillAndAsk(TestDatabase test, boolean timescale) throws Exception {
        Database db = test.migrated();
        SiteModelTables.write(db, SiteModel.example());
        try (Connection c = db.connect()) {
            write(c);
            Map<String, List<String>> first = ask(c);
            write(c); // a replay of the same results
            assertThat(ask(c)).as("after the same rows again").isEqualTo(first);
            if (timescale) {
                TimescalePolicies.refreshRollups(c, START.minusSeconds(86_400), START.plusSeconds(2 * 86_400));
                assertThat(ask(c)).as("materialised rollups").isEqualTo(first);
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT compress_chunk(ch) FROM show_chunks('occupancy') ch");
                    s.execute("SELECT compress_chunk(ch) FROM show_chunks('gate_counts') ch");
                }
                write(c);
                assertThat(ask(c)).as("upserts into compressed chunks").isEqualTo(first);
                assertThat(ask(c).get("occupancy per hour")).isEqualTo(first.get("occupancy per hour"));
            }
            assertThat(retract(c)).as("library minutes deleted, every one had a row").isEqualTo((MINUTES + 6) / 7);
            assertThat(count(c, "SELECT count(*) FROM occupancy WHERE zone_id = 'lib'")).isEqualTo(MINUTES - (MINUTES + 6) / 7);
            assertThat(count(c, "SELECT count(*) FROM gate_counts WHERE gate_id = 'park-door' AND minute < '"
                    + START.plusSeconds(3600) + "'")).isZero();
            if (timescale) {
                TimescalePolicies.refreshRollups(c, START.minusSeconds(86_400), START.plusSeconds(2 * 86_400));
            }
            Map<String, List<String>> answers = new LinkedHashMap<>(first);
            ask(c).forEach((question, rows) -> answers.put(question + ", after retractions", rows));
            return answers;
        }
    }

    /**
     * Retracts every seventh minute of the library's occupancy and every park-door minute of the
     * first hour with the sinks' delete statements, one by one; how many occupancy rows went.
     */
    private static int retract(Connection c) throws SQLException {
        int occupancyRows = 0;
        try (PreparedStatement occupancy = c.prepareStatement(ResultSinks.OCCUPANCY_DELETE);
                PreparedStatement gates = c.prepareStatement(ResultSinks.GATE_COUNTS_DELETE)) {
            for (int m = 0; m < MINUTES; m += 7) {
                occupancy.setString(1, "lib");
                occupancy.setTimestamp(2, Timestamp.from(START.plusSeconds(60L * m)));
                occupancyRows += occupancy.executeUpdate();
            }
            for (int m = 0; m < 60; m++) {
                gates.setString(1, "park-door");
                gates.setTimestamp(2, Timestamp.from(START.plusSeconds(60L * m)));
                gates.executeUpdate();
            }
        }
        return occupancyRows;
    }

    /** Deterministic results for three zones and three gates, minute by minute. */
    private static void write(Connection c) throws SQLException {
        Random random = new Random(42);
        c.setAutoCommit(false);
        try (PreparedStatement occupancy = c.prepareStatement(ResultSinks.OCCUPANCY_UPSERT);
                PreparedStatement gates = c.prepareStatement(ResultSinks.GATE_COUNTS_UPSERT)) {
            int[] inside = new int[ZONES.size()];
            for (int m = 0; m < MINUTES; m++) {
                Timestamp minute = Timestamp.from(START.plusSeconds(60L * m));
                for (int z = 0; z < ZONES.size(); z++) {
                    int in = random.nextInt(6);
                    int out = Math.min(inside[z] + in, random.nextInt(6));
                    int max = inside[z] + in;
                    inside[z] = inside[z] + in - out;
                    occupancy.setString(1, ZONES.get(z));
                    occupancy.setTimestamp(2, minute);
                    occupancy.setInt(3, inside[z]);
                    occupancy.setInt(4, max);
                    occupancy.setInt(5, in);
                    occupancy.setInt(6, out);
                    occupancy.executeUpdate(); // one by one: the TimescaleDB test engine fails on JDBC batches
                }
                for (String gate : GATES) {
                    if (random.nextInt(3) > 0) {
                        gates.setString(1, gate);
                        gates.setTimestamp(2, minute);
                        int entries = random.nextInt(8);
                        int exits = random.nextInt(8);
                        gates.setInt(3, entries);
                        gates.setInt(4, exits);
                        boolean estimate = random.nextInt(20) == 0; // now and then a minute partly estimated
                        gates.setInt(5, estimate ? Math.min(entries, exits) : 0);
                        gates.setInt(6, estimate ? Math.min(entries, exits) : 0);
                        gates.executeUpdate();
                    }
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Map<String, List<String>> ask(Connection c) throws SQLException {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (var q : QUERIES.entrySet()) {
            List<String> rows = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(q.getValue())) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        Object value = r.getObject(i);
                        row.append(value instanceof Timestamp t ? t.toInstant() : value).append('|');
                    }
                    rows.add(row.toString());
                }
            }
            answers.put(q.getKey(), rows);
        }
        return answers;
    }
}
