package se.helsingborg.footfall.jobs.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.ResultSinkSet;
import se.helsingborg.footfall.jobs.embedded.EmbeddedBroker;
import se.helsingborg.footfall.jobs.embedded.EmbeddedDatabase;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SchemaMigrations;
import se.helsingborg.footfall.storage.SchemaSettings;
import se.helsingborg.footfall.storage.SiteModelTables;

/**
 * The whole system on one machine: a broker, a database, the Flink job in a MiniCluster with its
 * web UI, and the simulator driving the example site at accelerated time, with a live view in the
 * terminal. Embedded services are used unless {@code --mqtt} or {@code --db} name real ones.
 */
@Command(name = "demo", description = "Runs simulator, job and live view on embedded defaults.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--minutes", paramLabel = "N", description = "stop after N minutes with a summary (default: run until Ctrl-C)")
    Double minutes;

    @Option(names = "--speed", defaultValue = "120", paramLabel = "X", description = "simulated seconds per real second (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--mqtt", paramLabel = "URI", description = "use this broker instead of the embedded one")
    String mqtt;

    @Option(names = "--db", paramLabel = "JDBC_URL", description = "use this database instead of the embedded one (password from PGPASSWORD)")
    String db;

    @Option(names = "--refresh", defaultValue = "3", description = "seconds between live view updates (default ${DEFAULT-VALUE})")
    int refreshSeconds;

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        SiteModel site = SiteModel.example();
        EmbeddedBroker broker = null;
        EmbeddedDatabase embeddedDb = null;
        JobClient job = null;
        Thread simulatorThread = null;
        SimulationRunner runner = null;
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                stopped.await(60, TimeUnit.SECONDS); // let the demo shut its services down cleanly
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "footfall-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            String mqttUri = mqtt;
            if (mqttUri == null) {
                broker = EmbeddedBroker.start();
                mqttUri = broker.uri();
            }
            Database database;
            if (db == null) {
                embeddedDb = EmbeddedDatabase.start();
                database = embeddedDb.database();
            } else {
                database = Database.of(db);
            }
            SchemaMigrations.migrate(database, SchemaSettings.DEFAULTS.withTimezone(site.timezone()));
            SiteModelTables.write(database, site);

            var env = JobEnvironment.create(true, 1, Duration.ofSeconds(2), null);
            new FootfallJob(site, JobEnvironment.mqttSource(mqttUri, site, 1), ResultSinkSet.database(database),
                    Duration.ofSeconds(5)).publishingAlerts(JobEnvironment.alertPublisher(mqttUri, "footfall", null)).build(env);
            job = env.executeAsync("footfall-demo");
            double startup = (System.nanoTime() - t0) / 1e9;
            System.out.printf("footfall demo: broker %s, database %s, Flink web UI on http://127.0.0.1:8081 (or the next free port)%n",
                    mqttUri, database.safeUrl());
            System.out.printf("started in %.1f s; simulating the example site at %.0fx; %s%n", startup, speed,
                    minutes == null ? "Ctrl-C to stop" : "stopping after " + minutes + " minute(s)");

            Instant simStart = LocalDate.now(site.timezone()).atTime(LocalTime.of(7, 50)).atZone(site.timezone()).toInstant();
            Simulation simulation = new Simulation(site, 42, simStart);
            runner = new SimulationRunner(simulation, speed);
            MqttPublisher publisher = new MqttPublisher(mqttUri, "footfall-demo-simulator");
            SimulationRunner r = runner;
            simulatorThread = new Thread(() -> {
                try (publisher) {
                    r.run(Instant.MAX, publisher::publish);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "footfall-simulator");
            simulatorThread.setDaemon(true);
            simulatorThread.start();

            LiveView view = new LiveView(database, site);
            long deadline = minutes == null ? Long.MAX_VALUE : System.nanoTime() + (long) (minutes * 60e9);
            LiveView.Snapshot last = null;
            while (System.nanoTime() < deadline) {
                long waitMs = Math.min(refreshSeconds * 1000L, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (stopRequested.await(waitMs, TimeUnit.MILLISECONDS)) {
                    break;
                }
                LocalDate day = LocalDate.ofInstant(runner.clock(), site.timezone());
                last = view.read(day);
                view.print(System.out, last, runner.clock(), "footfall demo");
            }

            boolean interrupted = stopRequested.getCount() == 0;
            runner.stop();
            simulatorThread.join(5_000);
            if (!interrupted) {
                last = view.read(LocalDate.ofInstant(runner.clock(), site.timezone()));
            }
            // After Ctrl-C the terminal has signalled the embedded database too: report the last
            // view read while it was up rather than reading again.
            if (last == null) {
                System.out.println("SUMMARY: stopped before the first results were written");
                return 0;
            }
            view.print(System.out, last, runner.clock(), "SUMMARY");
            System.out.printf("  messages published: %d; run time %.0f s%n", runner.published(), (System.nanoTime() - t0) / 1e9);
            System.out.printf("visitors: %d%n", last.visitors());
            return 0;
        } finally {
            if (runner != null) {
                runner.stop();
            }
            if (job != null) {
                try {
                    job.cancel().get(30, TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // the job may already have ended
                }
                try {
                    // Cancelling is asked for at once, its tasks end later: the database stays up
                    // until they have, so no sink finds it gone mid-write.
                    job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                } catch (Exception cancelled) {
                    // a cancelled job ends with an exception: that is the end being waited for
                }
            }
            if (embeddedDb != null) {
                embeddedDb.close();
            }
            if (broker != null) {
                broker.close();
            }
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is what brought us here
            }
        }
    }
}
