package se.helsingborg.footfall.jobs.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.BaselineVisits;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;

@Command(name = "import-visits", description = {
        "Loads historical daily visitor counts as the visitor goal's baseline (table baseline_visitors).",
        "CSV with a header: day (ISO date), visitors, and site unless the site file has one site with a goal.",
        "A file with a bad line is refused whole; importing a file again changes nothing."})
final class ImportVisitsCommand implements Callable<Integer> {
    @Option(names = "--site", required = true, paramLabel = "FILE", description = "the site file (YAML)")
    Path site;

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the daily visitor counts")
    Path csv;

    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/footfall (password from PGPASSWORD)")
    String db;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SiteModel model = SiteModel.load(site);
        var days = BaselineVisits.parse(Files.newBufferedReader(csv, StandardCharsets.UTF_8), model);
        Database database = Database.of(db);
        SchemaMigrations.migrate(database, SchemaSettings.DEFAULTS.withTimezone(model.timezone()));
        SiteModelTables.write(database, model);
        BaselineVisits.write(database, days);
        var first = days.stream().map(BaselineVisits.Day::day).min(java.util.Comparator.naturalOrder());
        var last = days.stream().map(BaselineVisits.Day::day).max(java.util.Comparator.naturalOrder());
        out.printf("imported %d day(s)%s into %s%n", days.size(),
                first.map(f -> " from " + f + " to " + last.get()).orElse(""), database.safeUrl());
        return 0;
    }
}
