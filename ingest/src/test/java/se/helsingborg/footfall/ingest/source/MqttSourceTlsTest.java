package se.helsingborg.footfall.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT source over TLS, against a Mosquitto of its own with a TLS listener on a free port:
 * a CA and the broker's certificate are made with openssl for the test, the broker asks for a
 * user name and password, and the source trusts only that CA. No session outlives the test: the
 * broker keeps nothing on disk and is stopped at the end.
 */
class MqttSourceTlsTest {
    private static final String USER = "footfall";
    /**
     * The source reads its password from the environment variable its options name; a test cannot
     * set one, so the broker's password is whatever PATH holds (always set where mosquitto is found).
     */
    private static final String PASSWORD_ENV = "PATH";

    @TempDir
    static Path dir;
    private static Process broker;
    private static int port;

    @BeforeAll
    static void startBrokerWithTls() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
                "-subj", "/CN=Footfall test CA");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2",
                "-subj", "/CN=Some other CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        run(List.of("mosquitto_passwd", "-b", "-c", dir.resolve("passwords").toString(), USER, System.getenv(PASSWORD_ENV)));

        port = freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "cafile " + dir.resolve("ca.crt"),
                "certfile " + dir.resolve("server.crt"),
                "keyfile " + dir.resolve("server.key"),
                "allow_anonymous false",
                "password_file " + dir.resolve("passwords"),
                "max_inflight_messages 10000",
                "persistence false",
                "log_dest file " + dir.resolve("mosquitto.log"),
                // run as the user the tests run as (Mosquitto would otherwise switch to its own)
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

    private String uri() {
        return "ssl://127.0.0.1:" + port;
    }

    private static MqttConnectionOptions tls(Path ca, String password) throws Exception {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(BrokerTrust.socketFactory(ca));
        options.setUserName(USER);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setConnectionTimeout(5);
        return options;
    }

    @Test
    void theSourceReadsFromABrokerWithACertificateOfItsOwnCa() throws Exception {
        MqttSource source = MqttSource.builder().serverUri(uri()).topicFilter("tls-test/#").clientIdPrefix("footfall-tls")
                .sessionExpiry(Duration.ZERO).username(USER).passwordEnv(PASSWORD_ENV)
                .caCertificate(dir.resolve("ca.crt").toString()).build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(200);

        MqttClient publisher = new MqttClient(uri(), "footfall-tls-publisher", new MemoryPersistence());
        publisher.connect(tls(dir.resolve("ca.crt"), System.getenv(PASSWORD_ENV)));
        // Publish until the source has subscribed and the first messages come through.
        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService publishing = Executors.newSingleThreadScheduledExecutor();
        publishing.scheduleAtFixedRate(() -> {
            try {
                publisher.publish("tls-test/up", ("message " + sent.incrementAndGet()).getBytes(StandardCharsets.UTF_8), 1, false);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        List<RawMessage> received = new ArrayList<>();
        try (CloseableIterator<RawMessage> messages = env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-tls")
                .executeAndCollect("tls-test")) {
            while (received.size() < 3 && messages.hasNext()) {
                received.add(messages.next());
            }
        } finally {
            publishing.shutdownNow();
            publisher.disconnect();
            publisher.close();
        }
        assertThat(received).hasSize(3).allSatisfy(m -> {
            assertThat(m.topic()).isEqualTo("tls-test/up");
            assertThat(new String(m.payload(), StandardCharsets.UTF_8)).startsWith("message ");
        });
    }

    @Test
    void aBrokerWhoseCertificateAnotherCaSignedIsRefused() throws Exception {
        MqttClient client = new MqttClient(uri(), "footfall-tls-other-ca", new MemoryPersistence());
        assertThatThrownBy(() -> client.connect(tls(dir.resolve("other-ca.crt"), System.getenv(PASSWORD_ENV))))
                .isInstanceOf(MqttException.class).hasRootCauseInstanceOf(java.security.cert.CertPathBuilderException.class); // no path to a trusted CA
        client.close();
    }

    @Test
    void aBrokerReachedByANameItsCertificateDoesNotCarryIsRefused() throws Exception {
        // localhost is 127.0.0.1 too, but the certificate names only the address
        MqttClient client = new MqttClient("ssl://localhost:" + port, "footfall-tls-wrong-name", new MemoryPersistence());
        assertThatThrownBy(() -> client.connect(tls(dir.resolve("ca.crt"), System.getenv(PASSWORD_ENV))))
                .isInstanceOf(MqttException.class).rootCause().hasMessageContaining("localhost");
        client.close();
    }

    @Test
    void theRightCaAndAWrongPasswordIsRefusedByTheBroker() throws Exception {
        MqttClient client = new MqttClient(uri(), "footfall-tls-wrong-password", new MemoryPersistence());
        assertThatThrownBy(() -> client.connect(tls(dir.resolve("ca.crt"), "not the password")))
                .isInstanceOf(MqttException.class)
                .extracting(e -> ((MqttException) e).getReasonCode()).as("MQTT 5: bad user name or password, or not authorised")
                .isIn(0x86, 0x87);
        client.close();
    }

    @Test
    void aCaCertificateForAPlainConnectionIsAMistake() {
        assertThatThrownBy(() -> MqttSource.builder().serverUri("tcp://127.0.0.1:1883").topicFilter("x")
                .caCertificate(dir.resolve("ca.crt").toString()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ssl://");
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
