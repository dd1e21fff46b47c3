package se.helsingborg.footfall.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.decode.AnchorMessage;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.SimulatedMessage;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.Recounts;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;

@Command(name = "anchor", description = {
        "A manual recount (\"there are 212 people in the library now\"): re-bases the zone's occupancy.",
        "--mqtt publishes it (QoS 1) on footfall/v1/{site}/anchor, where a running job applies it at its time.",
        "--db records it in the anchors table, where ./footfall replay of a recording that covers its time applies it."})
final class AnchorCommand implements Callable<Integer> {
    @Option(names = "--site", required = true, paramLabel = "FILE", description = "the site file (YAML)")
    Path site;

    @Option(names = "--zone", required = true, paramLabel = "Z", description = "the zone that was recounted")
    String zone;

    @Option(names = "--count", required = true, paramLabel = "N", description = "the people counted in it")
    int count;

    @Option(names = "--time", paramLabel = "ISO-8601",
            description = "when it was counted (default: now; over MQTT, when the job receives it)")
    String time;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--mqtt", required = true, paramLabel = "URI", description = "the broker the job reads, e.g. tcp://127.0.0.1:1883")
        String mqtt;

        @Option(names = "--db", required = true, paramLabel = "JDBC_URL", description = "record it for replays (password from PGPASSWORD)")
        String db;
    }

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        SiteModel model = SiteModel.load(site);
        Zone z = model.zones().stream().filter(candidate -> candidate.id().equals(zone)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown zone " + zone + " (the site file has "
                        + model.zones().stream().map(Zone::id).toList() + ")"));
        if (count < 0) {
            throw new IllegalArgumentException("--count cannot be negative: " + count);
        }
        Instant at = time == null ? null : parse(time);
        if (target.mqtt != null) {
            String topic = Topics.anchor(z.site());
            try (MqttPublisher publisher = new MqttPublisher(target.mqtt, "footfall-anchor-" + UUID.randomUUID().toString().substring(0, 8))) {
                publisher.publish(new SimulatedMessage(at == null ? Instant.now() : at, topic, AnchorMessage.payload(zone, count, at)));
            } // closing waits for the broker's acknowledgement
            out.printf("sent recount %s = %d%s to %s on %s%n", zone, count, at == null ? "" : " at " + at, topic, target.mqtt);
        } else {
            Database database = Database.of(target.db);
            SchemaMigrations.migrate(database, SchemaSettings.DEFAULTS.withTimezone(model.timezone()));
            SiteModelTables.write(database, model);
            Instant when = at == null ? Instant.now() : at;
            Recounts.write(database, new Recounts.Recount(zone, when, count));
            out.printf("recorded recount %s = %d at %s in %s (a replay covering that time applies it)%n", zone, count, when,
                    database.safeUrl());
        }
        return 0;
    }

    private static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("--time '" + text + "' is not an ISO-8601 time with an offset, e.g. 2026-11-23T14:00:00+01:00");
            }
        }
    }
}
