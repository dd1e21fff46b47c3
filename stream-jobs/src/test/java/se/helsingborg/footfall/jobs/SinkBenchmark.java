package se.helsingborg.footfall.jobs;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.postgresql.PGConnection;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.TestPostgres;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.sink.ResultSinks;

/**
 * Sink throughput on this machine: occupancy rows per second through the job's own JDBC sink
 * ({@link ResultSinks#occupancy()} with its production settings) in a Flink MiniCluster pipeline at
 * parallelism 1, for new keys and for the same keys again, beside PostgreSQL's plain {@code COPY}
 * of the same rows into the same table. Each figure is the median of several runs; every run is
 * printed. Run it with {@code scripts/bench-sink}.
 *
 * <p>Arguments: {@code [--db JDBC_URL] [--rows N] [--runs R]}. Without {@code --db} a fresh
 * database is created on the test server and dropped afterwards.
 */
public final class SinkBenchmark {
    /** When the first row of the current pipeline left the source; static because the job runs in this JVM. */
    static final AtomicLong FIRST_ROW_NANOS = new AtomicLong();
    static final int ZONES = 100;
    static final Instant FIRST_MINUTE = Instant.parse("2026-01-05T00:00:00Z");

    public static void main(String[] args) throws Exception {
        String url = Benchmarks.arg(args, "--db", null);
        int rows = Integer.parseInt(Benchmarks.arg(args, "--rows", "200000"));
        int runs = Integer.parseInt(Benchmarks.arg(args, "--runs", "5"));
        TestPostgres fresh = url == null ? TestPostgres.create() : null;
        try {
            Database db = fresh != null ? fresh.database() : Database.of(url);
            SchemaMigrations.apply(db);
            System.out.printf("sink benchmark: %d occupancy rows per run, %d runs, parallelism 1, database %s%n", rows, runs,
                    db.safeUrl());
            try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT version()")) {
                r.next();
                System.out.println("server: " + r.getString(1));
            }
            double[] inserts = new double[runs];
            double[] updates = new double[runs];
            double[] copies = new double[runs];
            for (int run = 0; run < runs; run++) {
                String zonePrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "-";
                inserts[run] = sink(db, zonePrefix, rows, 0);
                updates[run] = sink(db, zonePrefix, rows, 1);
                expect(db, zonePrefix, rows, 1);
                delete(db, zonePrefix);
                copies[run] = copy(db, zonePrefix, rows);
                expect(db, zonePrefix, rows, 0);
                delete(db, zonePrefix);
                System.out.printf("  run %d: sink new keys %.0f rows/s, sink same keys %.0f rows/s, COPY %.0f rows/s"
                        + " (sink/COPY %.2f, %.2f)%n", run + 1, inserts[run], updates[run], copies[run],
                        inserts[run] / copies[run], updates[run] / copies[run]);
            }
            double copy = Benchmarks.median(copies);
            System.out.printf("%-28s %12s   %s%n", "", "median rows/s", "runs");
            print("(a) sink, new keys", inserts);
            print("(b) sink, same keys again", updates);
            print("(c) COPY, new keys", copies);
            System.out.printf("sink/COPY of the medians: new keys %.2f, same keys %.2f%n", Benchmarks.median(inserts) / copy,
                    Benchmarks.median(updates) / copy);
            // A busy machine moves both rates of a run together; the ratio within each run moves less.
            System.out.printf("median of each run's sink/COPY: new keys %.2f, same keys %.2f%n",
                    Benchmarks.median(ratios(inserts, copies)), Benchmarks.median(ratios(updates, copies)));
        } finally {
            if (fresh != null) {
                fresh.close();
            }
        }
        System.exit(0);
    }

    /** Rows per second through the sink, timed from the first row leaving the source to the job's end. */
    private static double sink(Database db, String zonePrefix, int rows, int pass) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        FIRST_ROW_NANOS.set(0);
        env.fromSequence(0, rows - 1)
                .map(new Row(zonePrefix, pass))
                .sinkTo(new ResultSinks(db).occupancy());
        env.execute("sink-benchmark");
        return rows / ((System.nanoTime() - FIRST_ROW_NANOS.get()) / 1e9);
    }

    /** The i-th row of a run: {@link #ZONES} zones, consecutive minutes; values differ by pass. */
    static OccupancyMinute row(String zonePrefix, long i, int pass) {
        int value = (int) (i % 97) + pass;
        return new OccupancyMinute(zonePrefix + (i % ZONES), FIRST_MINUTE.plusSeconds(60 * (i / ZONES)), value, value + 1, pass, 0);
    }

    private record Row(String zonePrefix, int pass) implements MapFunction<Long, OccupancyMinute> {
        @Override
        public OccupancyMinute map(Long i) {
            if (FIRST_ROW_NANOS.get() == 0) {
                FIRST_ROW_NANOS.compareAndSet(0, System.nanoTime());
            }
            return row(zonePrefix, i, pass);
        }
    }

    /** Rows per second of one COPY of the same rows, the CSV text prepared beforehand. */
    private static double copy(Database db, String zonePrefix, int rows) throws SQLException, java.io.IOException {
        StringBuilder csv = new StringBuilder(rows * 64);
        for (long i = 0; i < rows; i++) {
            OccupancyMinute r = row(zonePrefix, i, 0);
            csv.append(r.zoneId()).append(',').append(r.minute()).append(',').append(r.occupancy()).append(',')
                    .append(r.maxOccupancy()).append(',').append(r.entries()).append(',').append(r.exits()).append('\n');
        }
        try (Connection c = db.connect()) {
            long t0 = System.nanoTime();
            long copied = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY occupancy (zone_id, minute, occupancy, max_occupancy, entries, exits) FROM STDIN (FORMAT csv)",
                    new StringReader(csv.toString()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (copied != rows) {
                throw new IllegalStateException("COPY wrote " + copied + " rows, expected " + rows);
            }
            return rows / seconds;
        }
    }

    /** Fails the benchmark unless the run's rows are all there with the values of {@code pass}. */
    private static void expect(Database db, String zonePrefix, int rows, int pass) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE entries = " + pass
                        + ") FROM occupancy WHERE zone_id LIKE '" + zonePrefix + "%'")) {
            r.next();
            if (r.getLong(1) != rows || r.getLong(2) != rows) {
                throw new IllegalStateException("expected " + rows + " rows of pass " + pass + ", found " + r.getLong(1)
                        + " rows, " + r.getLong(2) + " of that pass");
            }
        }
    }

    /** Removes the run's rows, and their dead tuples, so every run starts from the same table. */
    private static void delete(Database db, String zonePrefix) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM occupancy WHERE zone_id LIKE '" + zonePrefix + "%'");
            s.execute("VACUUM occupancy");
        }
    }

    private static void print(String label, double[] rates) {
        System.out.printf("%-28s %12.0f   %s%n", label, Benchmarks.median(rates),
                Arrays.toString(Arrays.stream(rates).mapToLong(Math::round).toArray()));
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }
}
