package se.helsingborg.footfall.jobs.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An MQTT 5 broker inside the demo's JVM (HiveMQ Community Edition), bound to loopback only,
 * keeping its sessions in memory and sending no usage statistics anywhere.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hivemq;
    private final int port;
    private final Path home;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, int port, Path home) {
        this.hivemq = hivemq;
        this.port = port;
        this.home = home;
    }

    public static EmbeddedBroker start() {
        try {
            int port = freePort();
            Path home = Files.createTempDirectory("footfall-broker");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener>
                          <port>%d</port>
                          <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                      </listeners>
                      <persistence>
                        <mode>in-memory</mode>
                      </persistence>
                      <anonymous-usage-statistics>
                        <enabled>false</enabled>
                      </anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
            // HiveMQ reconfigures logback from its conf folder; hand it the command line's own setup.
            try (var ours = EmbeddedBroker.class.getResourceAsStream("/logback.xml")) {
                Files.copy(ours, conf.resolve("logback.xml"));
            }
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .build();
            hivemq.start().join();
            return new EmbeddedBroker(hivemq, port, home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded MQTT broker", e);
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().join();
            hivemq.close();
        } catch (Exception e) {
            // stopping is best effort at shutdown
        } finally {
            Cleanup.deleteTree(home);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
