package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

class LoadGeneratorTest {
    @Test
    void sendsTheTargetRateWithoutDriftFromDevicesItsSiteFileKnows(@TempDir Path dir) throws Exception {
        LoadGenerator load = new LoadGenerator(7, 2_000, 1);
        List<SimulatedMessage> sent = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        LoadGenerator.Report report = load.run(Duration.ofMillis(1500), m -> {
            sent.add(m);
            at.add(System.nanoTime());
        }, () -> {});
        assertThat(report.messages()).isEqualTo(3000);
        assertThat(sent).hasSize(3000);
        // Paced to the schedule: the run takes its 1.5 s, not less, and not much more.
        assertThat(report.seconds()).isBetween(1.49, 1.9);
        assertThat(report.achievedRate()).isBetween(1_550.0, 2_020.0);
        // The second half goes out at the pace of the first: nothing drifts.
        double firstHalf = (at.get(1499) - at.get(0)) / 1e9;
        double secondHalf = (at.get(2999) - at.get(1500)) / 1e9;
        assertThat(secondHalf).isCloseTo(firstHalf, org.assertj.core.api.Assertions.within(0.15));

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
}
