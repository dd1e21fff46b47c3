package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.envelope.Envelopes;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.jobs.MessageCallback;
import se.helsingborg.footfall.jobs.TestBroker;

/**
 * {@code simulate --load --site FILE}: load traffic made of the site file's devices, as a
 * subscriber of the broker receives it, is every model behind every envelope the mixed example
 * site has, and ingest's decoder reads each message without a reject against the load's site file.
 */
class SimulateLoadCommandTest {
    private static final Path MIXED = Path.of("..", "sites", "helsingborg-mixed.yaml");
    private static final Pattern SENT = Pattern.compile("load: (\\d+) messages");

    private record Received(String topic, byte[] payload) {}

    @Test
    void theMixedSitesLoadReachesTheBrokerAsEveryModelAndEnvelopeAndDecodesWithoutAReject(@TempDir Path dir) throws Exception {
        String prefix = "footfall-load-test-" + UUID.randomUUID().toString().substring(0, 8);
        int devices = 3 * SiteModel.load(MIXED).devices().size();
        String uri = TestBroker.mosquittoUri();
        LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        MqttClient listener = new MqttClient(uri, prefix + "-listener", new MemoryPersistence());
        listener.connect(new MqttConnectionOptions());
        try {
            listener.setCallback(new MessageCallback((topic, m) -> received.add(new Received(topic, m.getPayload()))));
            listener.subscribe(prefix + "/#", 1);
            Path loadSite = dir.resolve("load.yaml");
            CliRun run = CliRun.of("simulate", "--load", "--site", MIXED.toString(), "--devices", String.valueOf(devices), "--rate", "1000",
                    "--duration", "1s", "--mqtt", uri, "--topic-prefix", prefix, "--load-site", loadSite.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("milesight-vs133").contains("footfall-json");
            Matcher sent = SENT.matcher(run.out());
            assertThat(sent.find()).as(run.out()).isTrue();
            int messages = Integer.parseInt(sent.group(1));
            assertThat(messages).isGreaterThanOrEqualTo(devices);

            MessageDecoder decoder = new MessageDecoder(SiteModel.load(loadSite));
            Map<String, Set<String>> envelopesByModel = new TreeMap<>();
            Set<String> devicesHeard = new TreeSet<>();
            for (int i = 0; i < messages; i++) {
                Received m = received.poll(30, TimeUnit.SECONDS);
                assertThat(m).as("message %d of %d reached the subscriber", i + 1, messages).isNotNull();
                assertThat(m.topic()).startsWith(prefix + "/");
                // decode throws on a reject, with its reason
                DecodedMessage d = decoder.decode(new RawMessage(m.topic().substring(prefix.length() + 1), m.payload(), Instant.now()));
                envelopesByModel.computeIfAbsent(d.model(), x -> new TreeSet<>()).add(d.envelope());
                devicesHeard.add(d.device());
            }
            assertThat(devicesHeard).hasSize(devices);
            assertThat(envelopesByModel.keySet()).containsExactlyInAnyOrderElementsOf(DeviceCodecs.models());
            assertThat(envelopesByModel.values().stream().flatMap(Set::stream).distinct())
                    .containsExactlyInAnyOrderElementsOf(Envelopes.all().stream().map(e -> e.name()).toList());
        } finally {
            listener.disconnect();
            listener.close();
        }
    }

    @Test
    void aLoadSiteFileThatCannotBeReadIsAClearError(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.yaml"), "sites: [\n");
        CliRun run = CliRun.of("simulate", "--load", "--site", broken.toString(), "--duration", "1s", "--record", dir.resolve("x.jsonl").toString());
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("broken.yaml");
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }
}
