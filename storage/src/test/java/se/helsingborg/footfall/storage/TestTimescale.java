package se.helsingborg.footfall.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A TimescaleDB of its own for one test: PGlite (PostgreSQL 17 in WebAssembly) with TimescaleDB
 * built in, served over the PostgreSQL wire protocol by {@code test-tools/timescaledb/server.mjs}
 * on a free port, in memory, stopped when closed.
 *
 * <p>The engine serves one connection at a time (the next waits until the first closes), so tests
 * on it close their connections before opening others. Its socket server breaks on long JDBC
 * batches (pipelined statements; seen failing at the 20th to 25th of one batch, while batches of
 * a few rows pass), so tests write rows to it one statement at a time. It proves the TimescaleDB
 * SQL right; it is far slower than a native server and says nothing of speed.
 */
public final class TestTimescale implements TestDatabase {
    private static final String HOW_TO_INSTALL =
            "install it with: (cd test-tools/timescaledb && npm ci)   (.ci/run and scripts/test-services do this)";

    private final Process server;
    private final Database database;

    private TestTimescale(Process server, int port) {
        this.server = server;
        // The engine accepts any password but asks for one; it does not speak TLS. Its one session
        // outlives each connection, so named server-side statements of one connection would clash
        // with the next's: prepareThreshold=0 keeps them unnamed.
        this.database = new Database("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?sslmode=disable&prepareThreshold=0&password=timescale", "postgres");
    }

    public static TestTimescale create() {
        Path tools = toolsDirectory();
        if (!Files.isDirectory(tools.resolve("node_modules/@electric-sql/pglite"))) {
            throw new IllegalStateException("These tests need the TimescaleDB test engine in " + tools
                    + ", which is not installed; " + HOW_TO_INSTALL);
        }
        Path log;
        Process process;
        try {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(tmp);
            log = Files.createTempFile(tmp, "timescaledb-", ".log");
            process = new ProcessBuilder("node", "server.mjs", "0")
                    .directory(tools.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the TimescaleDB test engine (needs Node.js 18 or later on"
                    + " the PATH: apt-get install nodejs npm): " + e.getMessage(), e);
        }
        try {
            return new TestTimescale(process, listeningPort(process, log));
        } catch (InterruptedException | IOException | RuntimeException e) {
            process.destroyForcibly();
            String errors;
            try {
                errors = Files.readString(log);
            } catch (IOException ignored) {
                errors = "";
            }
            throw new IllegalStateException("the TimescaleDB test engine did not start (" + e + "); its output: "
                    + errors + "; " + HOW_TO_INSTALL, e);
        }
    }

    /**
     * Waits for the server's "listening HOST PORT" line in its log. The output goes to a file, not
     * a pipe, so a chatty engine can never block on a pipe nobody reads.
     */
    private static int listeningPort(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith("listening ")) {
                    return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited with " + process.exitValue() + " before listening");
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the engine did not listen within 60 s");
    }

    /** {@code test-tools/timescaledb} of the checkout the tests run in. */
    static Path toolsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path tools = dir.resolve("test-tools/timescaledb");
            if (Files.isRegularFile(tools.resolve("server.mjs"))) {
                return tools;
            }
        }
        throw new IllegalStateException("cannot find test-tools/timescaledb above " + Path.of("").toAbsolutePath());
    }

    @Override
    public Database database() {
        return database;
    }

    @Override
    public TestEngine engine() {
        return TestEngine.TIMESCALEDB;
    }

    @Override
    public void close() {
        try {
            server.getOutputStream().close(); // the server stops when its stdin closes
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            server.destroyForcibly();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
