package se.helsingborg.footfall.dashboards;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.simulators.Faults;
import se.helsingborg.footfall.simulators.MissRate;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;

/**
 * A database filled the way production fills it: the example site's simulated day, with every
 * fault the simulator knows (so the pipeline-health panels have rejections, duplicates, silences
 * and lateness to show), recorded and replayed through the real job graph ({@link FootfallJob} on
 * Flink's local MiniCluster) into PostgreSQL.
 *
 * <p>The TimescaleDB test engine breaks on the job's long JDBC batches, so it gets the same rows
 * copied from PostgreSQL row by row: both engines then answer the panels over
 * the same data.
 */
final class SimulatedDay {
    /** Low levels, so that an ordinary day raises alerts (see the miss rate in {@link #fill}). */
    static final String ALERT_LEVELS = "{busy: 0.002, full: 0.04, hysteresis: 0.001, min_duration: 2m}";
    /**
     * The example site with alert levels low enough for an ordinary day to raise capacity alerts,
     * and leave one open at the end, so the alert panels show rows the job wrote: the library is
     * reset at 03:00, after the recording ends, not half an hour after closing, when a zone with
     * people counted inside is reset even if no reading comes.
     */
    static final SiteModel SITE = SiteModel.parse(exampleWithAlertsAt(ALERT_LEVELS));
    /** A Thursday in November: the library open 08–20, the park always. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 26);
    static final Instant START = DAY.atTime(6, 0).atZone(SITE.timezone()).toInstant();
    static final Instant END = DAY.plusDays(1).atTime(2, 0).atZone(SITE.timezone()).toInstant();
    /** What the tests ask the panels for: the local day and the night after it. */
    static final TimeRange RANGE = new TimeRange(DAY.atStartOfDay(SITE.timezone()).toInstant(),
            DAY.plusDays(1).atTime(3, 0).atZone(SITE.timezone()).toInstant());

    /** Every table with rows, in an order that satisfies the foreign keys. */
    static final List<String> TABLES = List.of("sites", "zones", "gates", "devices", "device_lines", "readings",
            "occupancy", "gate_counts", "visitors_daily", "device_health", "rejected_messages", "dwell_daily",
            "dwell_hourly", "occupancy_corrections", "zone_transitions", "alerts", "baseline_visitors", "pipeline_minutes");

    private SimulatedDay() {
    }

    static void fill(Database db, Path dir) throws Exception {
        // Exit counters that miss 1 % leave people "inside" the closed library until its reset,
        // at 03:00 here (SITE), after the recording ends: a capacity alert still open, for the
        // Open alerts panel.
        Simulation simulation = new Simulation(SITE, 7, START, Faults.all().withMissRate(MissRate.parse("out=0.01")));
        List<String> lines = new ArrayList<>();
        while (simulation.clock().isBefore(END)) {
            simulation.nextMinute().forEach(m -> lines.add(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time()))));
        }
        Path recording = Files.write(dir.resolve("day.jsonl"), lines);
        SiteModelTables.write(db, SITE);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        new FootfallJob(SITE, RecordedMessageFormat.source(recording), ResultSinkSet.database(db)).forReplay().build(env);
        env.execute("footfall-dashboards-day");
    }

    private static String exampleWithAlertsAt(String levels) {
        try {
            return Files.readString(Path.of("..", "sites", "helsingborg.yaml")).replaceFirst("(?m)^alerts: .*$", "alerts: " + levels)
                    .replaceFirst("reset: \"closing\\+30m\"", "reset: \"03:00\"");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Copies every row of {@link #TABLES} into a migrated, empty database, one row a statement in
     * one transaction per table: the engine's socket server breaks on long batches and on large
     * messages (a 200-row INSERT crashed it, a 20-row one confused its protocol), never on a
     * plain sequence of small statements.
     */
    static void copy(Database from, Database to) throws SQLException {
        try (Connection source = from.connect()) {
            for (String table : TABLES) {
                List<Object[]> rows = new ArrayList<>();
                List<String> columns = new ArrayList<>();
                try (Statement s = source.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        columns.add(rs.getMetaData().getColumnName(i));
                    }
                    while (rs.next()) {
                        Object[] row = new Object[columns.size()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(row);
                    }
                }
                // The target is opened per table and closed again: the TimescaleDB engine serves
                // one connection at a time.
                try (Connection target = to.connect()) {
                    target.setAutoCommit(false);
                    insert(target, table, columns, rows);
                    target.commit();
                }
            }
        }
    }

    private static void insert(Connection c, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int r = 0; r < rows.size(); r++) {
                Object[] row = rows.get(r);
                for (int i = 0; i < row.length; i++) {
                    p.setObject(i + 1, row[i]);
                }
                try {
                    p.executeUpdate();
                } catch (SQLException e) {
                    throw new SQLException("copying row " + r + " of " + rows.size() + " of " + table + ": " + e.getMessage(),
                            e.getSQLState(), e);
                }
            }
        }
    }
}
