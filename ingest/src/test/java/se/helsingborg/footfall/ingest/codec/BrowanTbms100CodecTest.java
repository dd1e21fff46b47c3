package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** Browan's TBMS100 examples and what Footfall reads from them. */
class BrowanTbms100CodecTest {
    private final BrowanTbms100Codec codec = new BrowanTbms100Codec();
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");

    private Decoded decode(String zone, int port, String hex) throws CodecException {
        Device device = new Device("58a0cb0000101234", BrowanTbms100Codec.MODEL, "ttn-v3", Map.of(), zone, 3600);
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), new UplinkContext(device, port, 9, t, t));
    }

    private static <T> List<T> of(Decoded d, java.util.function.Function<Reading, T> part) {
        return d.readings().stream().map(part).filter(Objects::nonNull).toList();
    }

    /** TheThingsNetwork/lorawan-devices vendor/browan/tbms100-codec.yaml, "Occupied", fPort 102. */
    @Test
    void occupiedExample() throws Exception {
        Decoded d = decode("lib-digidel", 102, "01 BB 34 0400 DC7801");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("status", 1);
        expected.put("battery", 3.6);
        expected.put("temperatureBoard", 20);
        expected.put("time", 4);
        expected.put("count", 96476);
        assertThat(d.fields()).isEqualTo(expected);
        // The count is a running total since the sensor started, not one period's movements.
        assertThat(of(d, Reading::motion)).containsExactly(new Motion("lib-digidel", true, null));
        assertThat(of(d, Reading::environment)).containsExactly(new Environment(null, 20.0, null));
        assertThat(of(d, Reading::deviceStatus)).containsExactly(new DeviceStatus(null, 3600, null, null));
        assertThat(d.readings()).allSatisfy(r -> {
            assertThat(r.eventTime()).isEqualTo(t);
            assertThat(r.frameCounter()).isEqualTo(9);
        });
    }

    /** The same file's "Unknown FPort" example: port 42 is an error. */
    @Test
    void unknownPortExample() {
        assertThatThrownBy(() -> decode("lib", 42, "01")).isInstanceOf(CodecException.class).hasMessageContaining("unknown fPort 42");
    }

    @Test
    void freeRoomColdBoardAndReservedBitsIgnored() throws Exception {
        Decoded d = decode("lib", 102, "FE F0 8A 1E00 000000");
        assertThat(d.fields()).containsEntry("status", 0).containsEntry("battery", 2.5)
                .containsEntry("temperatureBoard", -22).containsEntry("time", 30).containsEntry("count", 0);
        assertThat(of(d, Reading::motion)).containsExactly(new Motion("lib", false, null));
        assertThat(of(d, Reading::deviceStatus)).containsExactly(new DeviceStatus(null, 2500, null, null));
    }

    @Test
    void withoutAZoneThereIsNoMotionReading() throws Exception {
        Decoded d = decode(null, 102, "01 BB 34 0400 DC7801");
        assertThat(d.fields()).containsEntry("status", 1);
        assertThat(of(d, Reading::motion)).isEmpty();
        assertThat(d.readings()).hasSize(2);
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("01 0B 34 0400 DC7801", "00 00 0A 1E00 000000", "01 0F 7F FFFF FFFFFF")) {
            Decoded d = decode("lib", 102, hex);
            assertThat(HexFormat.of().formatHex(codec.encode(d.fields()))).isEqualToIgnoringCase(hex.replace(" ", ""));
        }
        // The vendor's example sets reserved bits the decoder ignores; its fields still come back unchanged.
        Decoded example = decode("lib", 102, "01 BB 34 0400 DC7801");
        assertThat(decode("lib", 102, HexFormat.of().formatHex(codec.encode(example.fields()))).fields()).isEqualTo(example.fields());
    }

    @Test
    void wrongPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("lib", 102, "01 BB 34 0400 DC78")).hasMessageContaining("has 8 bytes, not 7");
        assertThatThrownBy(() -> decode("lib", 102, "01 BB 34 0400 DC780100")).hasMessageContaining("has 8 bytes, not 9");
        assertThatThrownBy(() -> decode("lib", 102, "00 00 00 0000 000000")).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> decode("lib", 102, "")).hasMessageContaining("has 8 bytes, not 0");
    }

    @Test
    void registeredOnPort102() {
        DeviceCodec c = DeviceCodecs.forModel(BrowanTbms100Codec.MODEL).orElseThrow();
        assertThat(c.fPort()).isEqualTo(102);
        assertThat(c.acceptsPort(102)).isTrue();
        assertThat(c.acceptsPort(100)).isFalse();
    }
}
