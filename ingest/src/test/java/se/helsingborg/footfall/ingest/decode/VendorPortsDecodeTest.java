package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/** Models that answer commands on ports of their own get those messages through, other ports stay rejected. */
class VendorPortsDecodeTest {
    private static final SiteModel SITE = SiteModel.parse("""
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}, {id: room, site: lib, parent: hall}]
            gates: [{id: front, from: outside, to: hall}]
            devices:
              - {id: 70b3d52dd3000123, model: terabee-pfc-lxl, gate: front}
              - {id: a81758fffe0312ab, model: elsys-ers-eye, zone: room}
            """);
    private final MessageDecoder decoder = new MessageDecoder(SITE);
    private final Instant t = Instant.parse("2026-11-23T09:01:00Z");

    private RawMessage uplink(String devEui, int port, String hex) {
        byte[] json = new TtnV3Envelope().encode(
                new Uplink("ttn-v3", null, devEui, port, 3, t, HexFormat.of().parseHex(hex), null, null), "app", "eui-" + devEui);
        return new RawMessage(TtnV3Envelope.topic("app", "ttn", "eui-" + devEui), json, t);
    }

    @Test
    void countsAndCommandAnswersOnTheirPorts() throws Exception {
        DecodedMessage counts = decoder.decode(uplink("70b3d52dd3000123", 1, "000000c8000001c800"));
        assertThat(counts.readings()).singleElement()
                .satisfies(r -> assertThat(r.lineCrossings()).isEqualTo(LineCrossings.cumulative("front", 1, 200, 456)));
        DecodedMessage height = decoder.decode(uplink("70b3d52dd3000123", 100, "0105dc"));
        assertThat(height.fields()).containsEntry("cmd_value_mounting_height", 1500);
        assertThat(height.fPort()).isEqualTo(100);
        assertThatThrownBy(() -> decoder.decode(uplink("70b3d52dd3000123", 82, "000000c8000001c800")))
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.WRONG_PORT);
    }

    @Test
    void anElsysSensorOnItsDataPort() throws Exception {
        DecodedMessage m = decoder.decode(uplink("a81758fffe0312ab", 5, "0100e20229040027050611 01".replace(" ", "")));
        assertThat(m.readings()).extracting(r -> r.motion()).contains(new Motion("room", true, 6));
        assertThatThrownBy(() -> decoder.decode(uplink("a81758fffe0312ab", 5, "060308")))
                .hasMessageContaining("elsys-ers-eye payload: type 0x06 at byte 0 is a sensor elsys-ers-eye does not have")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.BAD_PAYLOAD);
    }
}
