package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.envelope.Envelopes;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

class LoadGeneratorTest {
    @Test
    void neverSendsAheadOfTheTargetRateFromDevicesItsSiteFileKnows(@TempDir Path dir) throws Exception {
        LoadGenerator load = new LoadGenerator(7, 2_000, 1);
        List<SimulatedMessage> sent = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        LoadGenerator.Report report = load.run(Duration.ofMillis(1500), m -> {
            sent.add(m);
            at.add(System.nanoTime());
        }, () -> {});
        assertThat(report.messages()).isEqualTo(3000);
        assertThat(sent).hasSize(3000);
        // Paced to the schedule: nothing goes out before its time, so the run takes its 1.5 s and
        // the second half does not start before 0.75 s. How far behind a busy machine falls is
        // throughput, which the load benchmark measures and prints (README); no test times it.
        assertThat(report.seconds()).isGreaterThanOrEqualTo(1.49);
        assertThat((at.get(1500) - at.get(0)) / 1e9).isGreaterThanOrEqualTo(0.74);
        assertThat(report.achievedRate()).isLessThanOrEqualTo(2_020.0);

        Path site = Files.writeString(dir.resolve("load.yaml"), load.siteFile());
        MessageDecoder decoder = new MessageDecoder(SiteModel.load(site));
        Set<String> devices = new HashSet<>();
        for (SimulatedMessage m : sent) {
            DecodedMessage d = decoder.decode(new RawMessage(m.topic(), m.payload(), m.time()));
            devices.add(d.device());
            assertThat(d.readings()).hasSize(2);
        }
        assertThat(devices).hasSize(7);
    }

    @Test
    void withoutASiteFileEveryDeviceIsAMilesightVs133BehindTheThingsStack() {
        LoadGenerator load = new LoadGenerator(3, 1_000, 1);
        assertThat(load.models()).containsExactly("milesight-vs133");
        assertThat(load.deviceId(2)).isEqualTo("24e1241300000002");
        List<SimulatedMessage> sent = new ArrayList<>();
        load.run(Duration.ofMillis(10), sent::add, () -> {});
        assertThat(sent).isNotEmpty().allSatisfy(m -> assertThat(m.topic()).startsWith("v3/footfall-sim@ttn/devices/eui-24e12413"));
    }

    /**
     * The mixed example site's devices copied three times over: every model and every envelope the
     * site has goes out, each message as its model and network server encode it, and ingest's
     * decoder reads every one of them without a reject against the load's own site file.
     */
    @Test
    void withTheMixedSiteEveryModelAndEnvelopeIsSentAndDecodesWithoutAReject(@TempDir Path dir) throws Exception {
        SiteModel mixed = MixedSiteTest.SITE;
        int devices = 3 * mixed.devices().size();
        LoadGenerator load = new LoadGenerator(mixed, devices, 4_000, 7, null);
        List<SimulatedMessage> sent = new ArrayList<>();
        LoadGenerator.Report report = load.run(Duration.ofMillis(600), sent::add, () -> {});
        assertThat(sent).hasSize((int) report.messages()).hasSizeGreaterThan(10 * devices);

        SiteModel loadSite = SiteModel.load(Files.writeString(dir.resolve("load.yaml"), load.siteFile()));
        assertThat(loadSite.devices()).hasSize(devices);
        MessageDecoder decoder = new MessageDecoder(loadSite);
        Map<String, Set<String>> envelopesByModel = new TreeMap<>();
        Set<String> devicesHeard = new HashSet<>();
        for (SimulatedMessage m : sent) {
            DecodedMessage d = decoder.decode(new RawMessage(m.topic(), m.payload(), m.time()));
            Device device = loadSite.device(d.device()).orElseThrow();
            assertThat(d.model()).isEqualTo(device.model());
            assertThat(d.envelope()).isEqualTo(device.envelope());
            if (!(device.sendsPresence() && ((List<?>) d.fields().get("tokens")).isEmpty())) {
                assertThat(d.readings()).as("readings of %s", d.device()).isNotEmpty(); // a sniffer in an empty room has none
            }
            envelopesByModel.computeIfAbsent(d.model(), x -> new TreeSet<>()).add(d.envelope());
            devicesHeard.add(d.device());
        }
        assertThat(devicesHeard).hasSize(devices);
        assertThat(envelopesByModel.keySet()).containsExactlyInAnyOrderElementsOf(DeviceCodecs.models());
        assertThat(envelopesByModel.values().stream().flatMap(Set::stream).distinct())
                .containsExactlyInAnyOrderElementsOf(Envelopes.all().stream().map(e -> e.name()).toList());
        // Each copy is sent as the site file's device is: its model behind the same envelope.
        for (Device original : mixed.devices()) {
            assertThat(envelopesByModel.get(original.model())).contains(original.envelope());
        }
    }

    @Test
    void aTopicPrefixGoesBeforeEveryTopicAndChangesNothingElse() {
        List<SimulatedMessage> plain = new ArrayList<>();
        List<SimulatedMessage> prefixed = new ArrayList<>();
        new LoadGenerator(MixedSiteTest.SITE, 40, 2_000, 3, null).run(Duration.ofMillis(100), plain::add, () -> {});
        new LoadGenerator(MixedSiteTest.SITE, 40, 2_000, 3, "bench/").run(Duration.ofMillis(100), prefixed::add, () -> {});
        assertThat(prefixed).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            assertThat(prefixed.get(i).topic()).isEqualTo("bench/" + plain.get(i).topic());
        }
    }
}
