package se.helsingborg.footfall.jobs.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One run of the {@code footfall} command line in the test's JVM: its exit code and what it printed. */
record CliRun(int exit, String out, String err) {
    static CliRun of(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        StringWriter err = new StringWriter();
        int exit;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = new CommandLine(new Footfall()); // after setOut: the commands print to System.out as they are made
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute(args);
        } finally {
            System.setOut(saved);
        }
        return new CliRun(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
    }
}
