package se.helsingborg.footfall.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;

@Command(name = "migrate", description = "Applies Footfall's schema to a database (password from PGPASSWORD).")
final class MigrateCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/footfall")
    String db;

    @Override
    public Integer call() {
        Database database = Database.of(db);
        var result = SchemaMigrations.apply(database);
        System.out.printf("schema of %s is at version %s (%d migration(s) applied)%n",
                database.safeUrl(), result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion,
                result.migrationsExecuted);
        return 0;
    }
}
