package se.helsingborg.footfall.jobs;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import se.helsingborg.footfall.storage.Database;

/** {@code footfall run} in a JVM of its own, on the tests' class path, its output in a log file. */
final class FootfallProcess {
    private FootfallProcess() {}

    static List<String> runCommand(Path siteFile, String mqtt, Database db, String clientId, String... more) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Dlogback")
                    || arg.startsWith("-Djava.io.tmpdir")) {
                cmd.add(arg);
            }
        }
        cmd.add("-Xmx1g");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("se.helsingborg.footfall.jobs.cli.Footfall");
        cmd.addAll(List.of("run", "--site", siteFile.toString(), "--mqtt", mqtt, "--db", db.jdbcUrl(), "--client-id", clientId));
        cmd.addAll(List.of(more));
        return cmd;
    }

    /** Starts the command; {@code environment} holds extra variables as name, value, name, value, ... */
    static Process start(List<String> command, Path log, Database db, String... environment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (db.user() != null) {
            pb.environment().put("PGUSER", db.user());
        }
        for (int i = 0; i + 1 < environment.length; i += 2) {
            pb.environment().put(environment[i], environment[i + 1]);
        }
        return pb.start();
    }
}
