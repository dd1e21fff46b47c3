package se.helsingborg.footfall.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.DatabaseEngine;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TimescalePolicies;

@Command(name = "migrate", description = {
        "Applies Footfall's schema to a database (password from PGPASSWORD): on TimescaleDB with hypertables,",
        "continuous aggregates, compression and retention; on plain PostgreSQL with the same tables and views."})
final class MigrateCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/footfall")
    String db;

    @Option(names = "--site", paramLabel = "FILE", description = {
            "the site file: its time zone sets the local days of the daily rollups, and its sites, zones,",
            "gates and devices are written to their tables"})
    Path site;

    @Option(names = "--raw-retention", paramLabel = "DURATION", description = {
            "TimescaleDB: how long raw readings are kept (ISO-8601, e.g. P90D; default P90D when first created)"})
    Duration rawRetention;

    @Option(names = "--compress-after", paramLabel = "DURATION", description = {
            "TimescaleDB: compress chunks older than this (ISO-8601, e.g. P7D; default P7D when first created)"})
    Duration compressAfter;

    PrintStream out = System.out;

    @Override
    public Integer call() throws SQLException {
        Database database = Database.of(db);
        SiteModel model = site == null ? null : SiteModel.load(site);
        ZoneId zone = model == null ? SchemaSettings.DEFAULTS.timezone() : model.timezone();
        // An age not given keeps the policy as an operator set it before (SchemaSettings).
        SchemaSettings settings = new SchemaSettings(zone, rawRetention, compressAfter);
        var outcome = SchemaMigrations.migrate(database, settings);
        out.printf("schema of %s (%s) is at version %s (%d migration(s) applied)%n",
                database.safeUrl(), outcome.engine() == DatabaseEngine.TIMESCALEDB ? "TimescaleDB" : "PostgreSQL",
                outcome.result().targetSchemaVersion == null ? "current" : outcome.result().targetSchemaVersion,
                outcome.migrationsExecuted());
        if (outcome.engine() == DatabaseEngine.TIMESCALEDB) {
            try (Connection c = database.connect()) {
                out.printf("raw readings kept %s; chunks compressed after %s%n",
                        TimescalePolicies.rawRetention(c).map(Duration::toString).orElse("for ever"),
                        TimescalePolicies.compressAfter(c, "occupancy").map(Duration::toString).orElse("never"));
            }
        } else if (settings.setsPolicies()) {
            out.println("plain PostgreSQL: --raw-retention and --compress-after need TimescaleDB and were not applied");
        }
        if (model != null) {
            SiteModelTables.write(database, model);
            out.printf("site model written: %d site(s), %d zone(s), %d gate(s), %d device(s)%n",
                    model.sites().size(), model.zones().size(), model.gates().size(), model.devices().size());
        }
        return 0;
    }
}
