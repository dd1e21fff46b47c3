package se.helsingborg.footfall.storage.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.TestPostgres;

class DatabaseConnectionProviderTest {
    private static final String PASSWORD = "s3cret-in-the-url";

    private final Logger logger = (Logger) LoggerFactory.getLogger(DatabaseConnectionProvider.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private Level levelBefore;

    @BeforeEach
    void listen() {
        levelBefore = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
        logger.setLevel(levelBefore);
    }

    @Test
    void anUnreachableDatabaseIsTriedAgainWithGrowingPausesThenGivenUpWithoutLoggingThePassword() throws Exception {
        Database nowhere = new Database("jdbc:postgresql://127.0.0.1:" + closedPort() + "/footfall?user=footfall&password="
                + PASSWORD + "&connectTimeout=2", null);
        var provider = new DatabaseConnectionProvider(nowhere, List.of(Duration.ofMillis(100), Duration.ofMillis(200)),
                Duration.ofSeconds(60));

        long started = System.nanoTime();
        assertThatThrownBy(provider::reestablishConnection).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(PASSWORD));
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(elapsedMs).as("both pauses were waited").isGreaterThanOrEqualTo(300);
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(3)
                .allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD).contains("password=***"))
                .satisfies(lines -> {
                    assertThat(lines.get(0)).contains("unreachable, holding the batch and trying again in 0.1 s");
                    assertThat(lines.get(2)).contains("still unreachable after 3 attempts; the sink gives up");
                });
        assertThat(logged.list).allSatisfy(event -> {
            if (event.getThrowableProxy() != null) {
                assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).doesNotContain(PASSWORD);
            }
        });
    }

    @Test
    void aReachableDatabaseIsConnectedAtOnce() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            var provider = new DatabaseConnectionProvider(pg.database());
            Connection first = provider.getOrEstablishConnection();
            Connection second = provider.reestablishConnection();
            assertThat(first.isClosed()).as("the old connection is closed").isTrue();
            assertThat(second.isValid(5)).isTrue();
            assertThat(logged.list).isEmpty();
            provider.closeConnection();
        }
    }

    @Test
    // Without an answer timeout the driver would wait for ever, deaf to interrupts.
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aDatabaseThatAcceptsButNeverAnswersCountsAsLostAfterTheAnswerTimeout() throws Exception {
        // A connection accepted and then silence: what a database cut off by the network looks like.
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Database silentDb = new Database("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/footfall?user=footfall", null);
            var provider = new DatabaseConnectionProvider(silentDb, List.of(), Duration.ofSeconds(1));

            long started = System.nanoTime();
            assertThatThrownBy(provider::getOrEstablishConnection).isInstanceOf(SQLException.class);
            assertThat((System.nanoTime() - started) / 1_000_000).as("ms until given up").isBetween(900L, 10_000L);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
