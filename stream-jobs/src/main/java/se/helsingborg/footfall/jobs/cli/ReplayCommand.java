package se.helsingborg.footfall.jobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.DatabaseEngine;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TimescalePolicies;
import se.helsingborg.footfall.storage.files.DerivedResultFiles;

@Command(name = "replay", description = {
        "Runs a recording (one recorded message a line) through the job and writes its results; ends when the file does.",
        "Results are upserts: replaying the same recording again leaves them as they are."})
final class ReplayCommand implements Callable<Integer> {
    /**
     * A replay acknowledges no messages and starts again from its recording after a failure, so a
     * checkpoint gains it nothing. One due as the recording ends was declined by the finished
     * source, with a warning and a stack trace on every replay of about ten seconds or more.
     */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofHours(1);

    @Option(names = "--site", required = true, paramLabel = "FILE", description = "the site file (YAML)")
    Path site;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "recorded messages, e.g. from simulate --record")
    Path input;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "where the results go (password from PGPASSWORD)")
        String db;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "writes the results as CSV files instead, one per table (DESIGN §7), when the replay ends")
        Path out;
    }

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read the recording " + input);
        }
        SiteModel model = SiteModel.load(site);
        if (target.out != null) {
            return replayToFiles(model);
        }
        Database database = Database.of(target.db);
        var schema = SchemaMigrations.migrate(database, SchemaSettings.DEFAULTS.withTimezone(model.timezone()));
        SiteModelTables.write(database, model);
        var env = JobEnvironment.create(false, 1, CHECKPOINT_INTERVAL, null);
        Path recording = RecountsInRecording.merge(input, database, model); // recounts recorded with `anchor --db`
        new FootfallJob(model, RecordedMessageFormat.source(recording), ResultSinkSet.database(database)).forReplay().build(env);
        long t0 = System.nanoTime();
        env.execute("footfall-replay");
        System.out.printf("replayed %s into %s in %.1f s%n", input, database.safeUrl(), (System.nanoTime() - t0) / 1e9);
        if (schema.engine() == DatabaseEngine.TIMESCALEDB) {
            refreshRollups(database);
        }
        return 0;
    }

    private int replayToFiles(SiteModel model) throws Exception {
        var env = JobEnvironment.create(false, 1, CHECKPOINT_INTERVAL, null);
        new FootfallJob(model, RecordedMessageFormat.source(input), ResultSinkSet.csv(target.out)).forReplay().build(env);
        long t0 = System.nanoTime();
        env.execute("footfall-replay");
        DerivedResultFiles.write(target.out, model);
        System.out.printf("replayed %s into %s in %.1f s%n", input, target.out, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /**
     * A replay may rewrite results older than the rollups' refresh windows; bring the rollups up to
     * date over the recording's days (widened by a day each side for readings a device kept).
     */
    private void refreshRollups(Database database) throws IOException, SQLException {
        Instant first = null;
        Instant last = null;
        try (var lines = Files.lines(input)) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                Matcher m = RECEIVED_AT.matcher(it.next());
                if (m.find()) {
                    try {
                        Instant t = Instant.parse(m.group(1));
                        first = first == null || t.isBefore(first) ? t : first;
                        last = last == null || t.isAfter(last) ? t : last;
                    } catch (DateTimeParseException ignored) {
                        // a bad line, rejected by the job already
                    }
                }
            }
        }
        if (first != null) {
            try (Connection c = database.connect()) {
                TimescalePolicies.refreshRollups(c, first.minus(Duration.ofDays(1)), last.plus(Duration.ofDays(1)));
            }
            System.out.printf("rollups refreshed from %s to %s%n", first.minus(Duration.ofDays(1)), last.plus(Duration.ofDays(1)));
        }
    }

    private static final Pattern RECEIVED_AT = Pattern.compile("\"received_at\"\\s*:\\s*\"([^\"]+)\"");
}
