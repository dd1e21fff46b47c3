package se.helsingborg.footfall.jobs.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageFormat;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SiteModelTables;

@Command(name = "replay", description = {
        "Runs a recording (one recorded message a line) through the job and writes its results; ends when the file does.",
        "Results are upserts: replaying the same recording again leaves them as they are."})
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--site", required = true, paramLabel = "FILE", description = "the site file (YAML)")
    Path site;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "recorded messages, e.g. from simulate --record")
    Path input;

    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "where the results go (password from PGPASSWORD)")
    String db;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read the recording " + input);
        }
        SiteModel model = SiteModel.load(site);
        Database database = Database.of(db);
        SchemaMigrations.apply(database);
        SiteModelTables.write(database, model);
        var env = JobEnvironment.create(false, 1, Duration.ofSeconds(10), null);
        new FootfallJob(model, RecordedMessageFormat.source(input), ResultSinkSet.database(database)).build(env);
        long t0 = System.nanoTime();
        env.execute("footfall-replay");
        System.out.printf("replayed %s into %s in %.1f s%n", input, database.safeUrl(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
