package se.helsingborg.footfall.jobs.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.score.CsvTables;
import se.helsingborg.footfall.simulators.score.ResultTables;
import se.helsingborg.footfall.simulators.score.Scorecard;
import se.helsingborg.footfall.storage.Database;

@Command(name = "score", description = {
        "Compares the pipeline's results with a simulation's truth (simulate --truth), metric by metric:",
        "mean absolute error, bias, largest error and the share of exact values, over the truth's time span;",
        "dwell per zone-day; presence tokens against the truth of the visitors who carry a phone; and the",
        "analytics targets (occupancy MAE per zone against 2 %% of capacity, visitors per site-day within 1 %%, dwell mean",
        "within 5 %% and median within 10 %% per zone-day), each with pass or miss."})
final class ScoreCommand implements Callable<Integer> {
    @Option(names = "--truth", required = true, paramLabel = "DIR", description = "the truth, as simulate --truth wrote it")
    Path truth;

    @Option(names = "--site", paramLabel = "FILE", description = {
            "the site file the truth was simulated for: capacities, presence sensors, and dwell's days (its time",
            "zone and zones' reset times)",
            "(default: the example site, sites/helsingborg.yaml)"})
    Path site;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Results results;

    static final class Results {
        @Option(names = "--results", paramLabel = "DIR", description = "results as CSV files (replay --out)")
        Path dir;

        @Option(names = "--db", paramLabel = "JDBC_URL", description = "results in the database (password from PGPASSWORD)")
        String db;
    }

    @Override
    public Integer call() throws Exception {
        ResultTables actual = results.dir != null ? new CsvTables(results.dir) : new DatabaseTables(Database.of(results.db));
        Scorecard card = Scorecard.score(new CsvTables(truth), actual, site == null ? SiteModel.example() : SiteModel.load(site));
        System.out.printf("results %s against the truth in %s%n", actual.describe(), truth);
        card.print(System.out);
        return 0;
    }
}
