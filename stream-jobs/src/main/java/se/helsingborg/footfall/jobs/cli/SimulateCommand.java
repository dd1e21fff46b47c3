package se.helsingborg.footfall.jobs.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.jobs.tokens.TokenSessionFunction;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.simulators.Fault;
import se.helsingborg.footfall.simulators.Faults;
import se.helsingborg.footfall.simulators.GroundTruth;
import se.helsingborg.footfall.simulators.LoadGenerator;
import se.helsingborg.footfall.simulators.MissRate;
import se.helsingborg.footfall.simulators.MqttPublisher;
import se.helsingborg.footfall.simulators.Scenario;
import se.helsingborg.footfall.simulators.Simulation;
import se.helsingborg.footfall.simulators.SimulationRunner;

@Command(name = "simulate", description = {
        "Simulates the site's visitors and devices and publishes their uplinks to a broker, or records them.",
        "With --load, sends benchmark traffic instead: N devices at a target rate, paced in real time,",
        "copies of the --site file's devices (default: Milesight VS133 line counters only)."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--site", paramLabel = "FILE", description = {"the site file (YAML); required unless --load.",
            "With --load: the devices to copy in turn, with their models and envelopes (default: Milesight VS133 only)"})
    Path site;

    @picocli.CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--mqtt", paramLabel = "URI", description = "publish to this broker, e.g. tcp://127.0.0.1:1883")
        String mqtt;

        @Option(names = "--record", paramLabel = "FILE", description = "write recorded messages (one JSON line each) instead")
        Path record;
    }

    @Option(names = "--seed", defaultValue = "1", description = "the same seed gives the same visitors (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--start", paramLabel = "ISO_DATE", description = "first simulated day (yyyy-mm-dd) or local date-time; default: today 07:00")
    String start;

    @Option(names = "--days", defaultValue = "1", description = "simulated days (default ${DEFAULT-VALUE})")
    double days;

    @Option(names = "--speed", defaultValue = "60", paramLabel = "X|max", description = "simulated seconds per real second, or max (default ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--faults", paramLabel = "NAME,...", description = {
            "faults to inject, comma-separated, or all (default: none): ${COMPLETION-CANDIDATES}"},
            completionCandidates = FaultNames.class)
    String faults;

    @Option(names = "--miss-rate", paramLabel = "RATE", description = {
            "share of crossings the counters miss: 0.01 (both directions) or exit=0.01,in=0.005, and group=0.5 for the",
            "share of close followers (within 1.5 s) counted as one with the person ahead (default: none, exact counts)"})
    String missRate;

    @Option(names = "--truth", paramLabel = "DIR", description = {
            "write what the visitors really did as CSV files with the results' columns (for score)"})
    Path truth;

    @Option(names = "--scenario", paramLabel = "FILE", description = {
            "arrivals by hour, weekday and month, rain and events (YAML; see sites/helsingborg-scenario.yaml)"})
    Path scenario;

    @Option(names = "--load", description = "load mode: --devices N devices at --rate messages/s for --duration")
    boolean load;

    @Option(names = "--devices", defaultValue = "100", paramLabel = "N", description = "load mode: devices taking turns (default ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "MSG_PER_S", description = "load mode: messages a second in all (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "D", description = "load mode: how long, e.g. 90s, 5m, PT1H (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--load-site", paramLabel = "FILE", description = "load mode: also write a site file that knows the load's devices (for run)")
    Path loadSite;

    @Option(names = "--topic-prefix", paramLabel = "P", description = {
            "load mode: put P/ before every topic, out of reach of Footfall's subscriptions (to measure the broker alone)"})
    String topicPrefix;

    static final class FaultNames extends java.util.ArrayList<String> {
        FaultNames() {
            for (Fault f : Fault.values()) {
                add(f.id());
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (load) {
            return load();
        }
        if (site == null) {
            throw new IllegalArgumentException("simulate needs --site FILE (or --load for benchmark traffic)");
        }
        SiteModel model = SiteModel.load(site);
        Instant from = startOf(start, model);
        Instant to = from.plus(Duration.ofMinutes(Math.round(days * 24 * 60)));
        Faults injected = Faults.parse(faults, MissRate.parse(missRate));
        Scenario plan = scenario == null ? Scenario.defaults() : Scenario.load(scenario, model);
        Simulation simulation = new Simulation(model, seed, from, injected, plan);
        if (target.record != null) {
            // Recording has no reader to keep pace with: as fast as the disk takes it.
            SimulationRunner runner = new SimulationRunner(simulation, SimulationRunner.MAX);
            try (var out = java.nio.file.Files.newBufferedWriter(target.record)) {
                runner.run(to, m -> {
                    try {
                        out.write(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time())));
                        out.newLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot write " + target.record, e);
                    }
                });
            }
            System.out.printf("recorded %d messages in %s; true visitors: %s%n", runner.published(), target.record,
                    simulation.truth().visitors());
            writeTruth(simulation, model);
            return 0;
        }
        SimulationRunner runner = new SimulationRunner(simulation, parseSpeed(speed));
        try (MqttPublisher publisher = new MqttPublisher(target.mqtt, "footfall-simulator-" + ProcessHandle.current().pid())) {
            System.out.printf("simulating %s to %s at speed %s, publishing to %s%n", from, to, speed, target.mqtt);
            runner.run(to, publisher::publish);
        }
        System.out.printf("published %d messages; true visitors: %s%n", runner.published(), simulation.truth().visitors());
        writeTruth(simulation, model);
        return 0;
    }

    private void writeTruth(Simulation simulation, SiteModel model) throws java.io.IOException {
        if (truth != null) {
            // the carriers' moves as the job joins token sessions into them, with the job's limit
            simulation.truth().writeCsv(truth, GroundTruth.PresenceSensors.of(model, TokenSessionFunction.DEFAULT_TRANSITION_LIMIT));
            System.out.printf("the truth is in %s%n", truth);
        }
    }

    private int load() throws java.io.IOException {
        LoadGenerator generator = site == null ? new LoadGenerator(devices, rate, seed, topicPrefix)
                : new LoadGenerator(SiteModel.load(site), devices, rate, seed, topicPrefix);
        if (loadSite != null) {
            java.nio.file.Files.writeString(loadSite, generator.siteFile());
            System.out.printf("the load's site file is %s%n", loadSite);
        }
        Duration length = parseDuration(duration);
        LoadGenerator.Report report;
        if (target.record != null) {
            try (var out = java.nio.file.Files.newBufferedWriter(target.record)) {
                report = generator.run(length, m -> {
                    try {
                        out.write(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time())));
                        out.newLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot write " + target.record, e);
                    }
                }, () -> {});
            }
        } else {
            try (MqttPublisher publisher = new MqttPublisher(target.mqtt, "footfall-load-" + ProcessHandle.current().pid())) {
                System.out.printf("load: %d devices (%s), %.0f messages/s for %s to %s%n", devices,
                        String.join(", ", generator.models()), rate, length, target.mqtt);
                report = generator.run(length, publisher::publish, publisher::flush);
            }
        }
        System.out.println("load: " + report);
        return 0;
    }

    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
            }
            double n = Double.parseDouble(t.substring(0, t.length() - 1));
            long perUnit = switch (unit) {
                case 's' -> 1_000;
                case 'm' -> 60_000;
                case 'h' -> 3_600_000;
                default -> throw new NumberFormatException();
            };
            return Duration.ofMillis(Math.round(n * perUnit));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--duration takes e.g. 90s, 5m, 1h or PT1M, not " + text);
        }
    }

    static double parseSpeed(String speed) {
        if (speed.equalsIgnoreCase("max")) {
            return SimulationRunner.MAX;
        }
        try {
            return Double.parseDouble(speed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--speed takes a number or max, not " + speed);
        }
    }

    static Instant startOf(String text, SiteModel model) {
        if (text == null) {
            return LocalDate.now(model.timezone()).atTime(LocalTime.of(7, 0)).atZone(model.timezone()).toInstant();
        }
        try {
            if (text.length() <= 10) {
                return LocalDate.parse(text).atTime(LocalTime.of(7, 0)).atZone(model.timezone()).toInstant();
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return java.time.OffsetDateTime.parse(text).toInstant();
            }
            return LocalDateTime.parse(text).atZone(model.timezone()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--start takes yyyy-mm-dd or yyyy-mm-ddThh:mm, not " + text);
        }
    }
}
