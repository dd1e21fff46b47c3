package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.source.BrokerTrust;
import se.helsingborg.footfall.jobs.MessageCallback;
import se.helsingborg.footfall.jobs.TestBroker;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;

/**
 * The MQTT alert sink over TLS with a user and password, against a Mosquitto of its own whose
 * certificate comes from a CA made with openssl for the test; the sink trusts only that CA.
 */
class AlertPublisherTlsTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());
    private static final String USER = "footfall";
    /** The sink reads its password from the environment; a test cannot set one, so it is whatever PATH holds. */
    private static final String PASSWORD_ENV = "PATH";

    @TempDir
    static Path dir;
    private static Process broker;
    private static int port;

    @BeforeAll
    static void startBrokerWithTls() throws Exception {
        TestBroker.mosquittoUri(); // fails with how to install Mosquitto when it is missing
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=Footfall alerts test CA");
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        run("mosquitto_passwd", "-b", "-c", dir.resolve("passwords").toString(), USER, System.getenv(PASSWORD_ENV));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path conf = Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.crt"),
                "certfile " + dir.resolve("server.crt"),
                "keyfile " + dir.resolve("server.key"),
                "allow_anonymous false",
                "password_file " + dir.resolve("passwords"),
                "persistence false",
                "log_dest file " + dir.resolve("mosquitto.log"),
                "user " + System.getProperty("user.name"),
                ""));
        broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                break;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !broker.isAlive()) {
                    throw new IllegalStateException("Mosquitto with TLS did not start: " + Files.readString(dir.resolve("mosquitto.out")));
                }
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.destroy();
            broker.waitFor();
        }
    }

    @Test
    void alertsArePublishedOverTlsToABrokerWithACertificateOfItsOwnCa() throws Exception {
        String uri = "ssl://127.0.0.1:" + port;
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CapacityAlert alert = new CapacityAlert("hall", AlertLevel.FULL, Instant.parse("2026-11-23T09:01:00Z"), null, 100, 103);
        env.fromData(List.of(new AlertChange("lib", alert, AlertLevel.FULL)))
                .sinkTo(new AlertPublisher(uri, "footfall-tls", USER, dir.resolve("ca.crt").toString(), PASSWORD_ENV));
        env.execute("alert-publisher-tls-test");

        // Retained: a subscriber after the job has ended still gets it.
        MqttClient subscriber = new MqttClient(uri, "footfall-tls-subscriber", new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(BrokerTrust.socketFactory(dir.resolve("ca.crt")));
        options.setUserName(USER);
        options.setPassword(System.getenv(PASSWORD_ENV).getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(5);
        java.util.concurrent.LinkedBlockingQueue<MqttMessage> received = new java.util.concurrent.LinkedBlockingQueue<>();
        subscriber.setCallback(MessageCallback.of(received::add));
        subscriber.connect(options);
        try {
            subscriber.subscribe(new MqttSubscription[] {new MqttSubscription("footfall/v1/lib/alerts/hall", 1)});
            MqttMessage m = received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(m).as("the retained alert").isNotNull();
            var json = new ObjectMapper().readTree(m.getPayload());
            assertThat(json.path("level").asText()).isEqualTo("full");
            assertThat(json.path("peak_occupancy").asInt()).isEqualTo(103);
        } finally {
            subscriber.disconnect();
            subscriber.close();
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
