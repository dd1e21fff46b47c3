package se.helsingborg.footfall.jobs.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;

@Command(name = "run", description = {"Runs the Footfall job against a real broker and database until stopped.",
        "Capacity alerts go to the alerts table and, retained, to footfall/v1/{site}/alerts/{zone} on the same broker."})
final class RunCommand implements Callable<Integer> {
    @Option(names = "--site", required = true, paramLabel = "FILE", description = "the site file (YAML)")
    Path site;

    @Option(names = "--mqtt", required = true, paramLabel = "URI", description = "e.g. tcp://127.0.0.1:1883, or ssl://broker:8883 for TLS (password from FOOTFALL_MQTT_PASSWORD)")
    String mqtt;

    @Option(names = "--mqtt-ca", paramLabel = "FILE", description = {
            "for an ssl:// broker whose certificate comes from a CA of its own: that CA's certificate (PEM);",
            "without it the JVM's public CAs are trusted. User from FOOTFALL_MQTT_USER."})
    Path mqttCa;

    @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/footfall (password from PGPASSWORD)")
    String db;

    @Option(names = "--parallelism", defaultValue = "1", description = "parallel instances of each operator (default ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = {
            "where checkpoints go (a folder or a URI; default: memory). A job started again with the same folder",
            "carries on from its newest checkpoint, so a crash loses nothing."})
    String checkpoints;

    @Option(names = "--client-id", defaultValue = "footfall", paramLabel = "PREFIX", description = {
            "MQTT client id prefix (default ${DEFAULT-VALUE}); readers connect as PREFIX-<n>. Keep it stable:",
            "the broker keeps the messages that arrive while the job is down under it."})
    String clientId;

    @Option(names = "--session-expiry", defaultValue = "P1D", paramLabel = "DURATION", description = {
            "how long the broker keeps the job's session, and queues its messages, while the job is away",
            "(ISO-8601, default ${DEFAULT-VALUE})"})
    Duration sessionExpiry;

    @Option(names = "--checkpoint-interval", defaultValue = "PT10S", description = "ISO-8601 duration (default ${DEFAULT-VALUE}); MQTT messages are acknowledged when a checkpoint completes")
    Duration checkpointInterval;

    @Override
    public Integer call() throws Exception {
        SiteModel model = SiteModel.load(site);
        var source = JobEnvironment.mqttSource(mqtt, model, parallelism, clientId, sessionExpiry, mqttCa);
        Database database = Database.of(db);
        SchemaMigrations.migrate(database, SchemaSettings.DEFAULTS.withTimezone(model.timezone()));
        SiteModelTables.write(database, model);
        var env = JobEnvironment.create(false, parallelism, checkpointInterval, checkpoints);
        new FootfallJob(model, source, ResultSinkSet.database(database))
                .publishingAlerts(JobEnvironment.alertPublisher(mqtt, clientId, mqttCa))
                .build(env);
        System.out.printf("footfall: reading %s, writing %s%n", mqtt, database.safeUrl());
        env.execute("footfall");
        return 0;
    }
}
