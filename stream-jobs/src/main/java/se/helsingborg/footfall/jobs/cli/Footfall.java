package se.helsingborg.footfall.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code footfall} command line (DESIGN §7). */
@Command(
        name = "footfall",
        mixinStandardHelpOptions = true,
        version = "footfall 0.1.0",
        description = "Sensor-driven space and visitor analytics: MQTT in, Apache Flink, PostgreSQL/TimescaleDB out.",
        subcommands = {DemoCommand.class, RunCommand.class, SimulateCommand.class, ReplayCommand.class, DecodeCommand.class, MigrateCommand.class,
                ImportVisitsCommand.class, ScoreCommand.class, AnchorCommand.class})
public final class Footfall implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Footfall());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            // A user error gets one clear line, not a stack trace.
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                command.getErr().println("footfall: " + e.getMessage());
                return 2;
            }
            if (e instanceof java.io.UncheckedIOException io) {
                command.getErr().println("footfall: " + io.getMessage() + ": " + io.getCause());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
