package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.codec.MilesightVs133Codec;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

class MessageDecoderTest {
    private final SiteModel site = SiteModel.example();
    private final MessageDecoder decoder = new MessageDecoder(site);
    private final Instant t = Instant.parse("2026-11-23T09:01:00Z");

    private RawMessage uplink(String devEui, int port, byte[] payload) {
        String topic = TtnV3Envelope.topic("app", "ttn", "eui-" + devEui);
        byte[] json = new TtnV3Envelope().encode(new Uplink("ttn-v3", null, devEui, port, 3, t, payload, null, null), "app", "eui-" + devEui);
        return new RawMessage(topic, json, t.plusSeconds(2));
    }

    @Test
    void aRegisteredCounterBecomesReadingsOnItsGates() throws Exception {
        byte[] payload = new MilesightVs133Codec().encode(Map.of("line_1_period_in", 4L, "line_1_period_out", 1L,
                "line_2_period_in", 2L, "line_2_period_out", 0L));
        DecodedMessage m = decoder.decode(uplink("24e124136b316071", 85, payload));
        assertThat(m.device()).isEqualTo("24e124136b316071");
        assertThat(m.model()).isEqualTo("milesight-vs133");
        assertThat(m.envelope()).isEqualTo("ttn-v3");
        assertThat(m.time()).as("the network's reception time, not ours").isEqualTo(t);
        assertThat(m.readings()).extracting(r -> r.lineCrossings())
                .containsExactly(LineCrossings.period("main-entrance", 1, 4, 1, 60), LineCrossings.period("park-door", 2, 2, 0, 60));
    }

    @Test
    void everyWayToFailHasItsReason() {
        assertThatThrownBy(() -> decoder.decode(uplink("0011223344556677", 85, new byte[] {5, (byte) 0xCC, 0, 0, 0, 0})))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("unknown device 0011223344556677")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.UNKNOWN_DEVICE);
        assertThatThrownBy(() -> decoder.decode(uplink("24e124136b316071", 10, new byte[] {5, (byte) 0xCC, 0, 0, 0, 0})))
                .hasMessageContaining("port 10")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.WRONG_PORT);
        assertThatThrownBy(() -> decoder.decode(uplink("24e124136b316071", 85, new byte[] {5, (byte) 0xCC, 0})))
                .hasMessageContaining("milesight-vs133 payload")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.BAD_PAYLOAD);
        assertThatThrownBy(() -> decoder.decode(new RawMessage("sensors/x", "{}".getBytes(), t)))
                .hasMessageContaining("no envelope reads topic sensors/x")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.UNKNOWN_TOPIC);
        assertThatThrownBy(() -> decoder.decode(new RawMessage(TtnV3Envelope.topic("a", "t", "d"), "garbage".getBytes(), t)))
                .hasMessageContaining("ttn-v3: malformed JSON")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.BAD_ENVELOPE);
    }
}
