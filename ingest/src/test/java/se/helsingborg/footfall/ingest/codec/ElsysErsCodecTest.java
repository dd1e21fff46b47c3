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

/** Elsys's examples for the ERS, ERS CO2 and ERS Eye, and what Footfall reads from them. */
class ElsysErsCodecTest {
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");

    private static UplinkContext ctx(String model, String zone, Instant t) {
        return new UplinkContext(new Device("a81758fffe0312ab", model, "ttn-v3", Map.of(), zone, 600), 5, 41, t, t);
    }

    private static Decoded decode(ElsysErsCodec codec, String hex, String zone) throws CodecException {
        Instant t = Instant.parse("2026-11-23T09:00:00Z");
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), ctx(codec.model(), zone, t));
    }

    private static <T> List<T> of(Decoded d, java.util.function.Function<Reading, T> part) {
        return d.readings().stream().map(part).filter(Objects::nonNull).toList();
    }

    /** TheThingsNetwork/lorawan-devices vendor/elsys/ers-codec.yaml (commit b36d193c), fPort 1. */
    @Test
    void ersExample() throws Exception {
        Decoded d = decode(ElsysErsCodec.ers(), "0100E2 0229 040027 0506", "lib-digidel");
        assertThat(d.fields()).containsExactly(
                Map.entry("temperature", 22.6), Map.entry("humidity", 41), Map.entry("light", 39), Map.entry("motion", 6));
        assertThat(of(d, Reading::environment)).containsExactly(new Environment(null, 22.6, 41.0, 39.0, null));
        assertThat(of(d, Reading::motion)).containsExactly(new Motion("lib-digidel", null, 6));
        assertThat(d.readings()).allSatisfy(r -> {
            assertThat(r.eventTime()).isEqualTo(t);
            assertThat(r.frameCounter()).isEqualTo(41);
        });
    }

    /** TheThingsNetwork/lorawan-devices vendor/elsys/ers-co2-codec.yaml, fPort 1. */
    @Test
    void ersCo2Example() throws Exception {
        Decoded d = decode(ElsysErsCodec.ersCo2(), "0100E2 0229 040027 0506 060308", "lib-digidel");
        assertThat(d.fields()).containsExactly(Map.entry("temperature", 22.6), Map.entry("humidity", 41),
                Map.entry("light", 39), Map.entry("motion", 6), Map.entry("co2", 776));
        assertThat(of(d, Reading::environment)).containsExactly(new Environment(776.0, 22.6, 41.0, 39.0, null));
    }

    /** TheThingsNetwork/lorawan-devices vendor/elsys/ers-eye-codec.yaml, fPort 1. */
    @Test
    void ersEyeExample() throws Exception {
        Decoded d = decode(ElsysErsCodec.ersEye(), "0100E2 0229 040027 0506 1101", "lib-digidel");
        assertThat(d.fields()).containsExactly(Map.entry("temperature", 22.6), Map.entry("humidity", 41),
                Map.entry("light", 39), Map.entry("motion", 6), Map.entry("occupancy", 1));
        // 1 is someone entering or leaving: the room is in use.
        assertThat(of(d, Reading::motion)).containsExactly(new Motion("lib-digidel", true, 6));
        assertThat(of(decode(ElsysErsCodec.ersEye(), "1100", "lib-digidel"), Reading::motion))
                .containsExactly(new Motion("lib-digidel", false, null));
        assertThat(of(decode(ElsysErsCodec.ersEye(), "1102", "lib-digidel"), Reading::motion))
                .containsExactly(new Motion("lib-digidel", true, null));
    }

    @Test
    void batteryVoltageAndFrostAreRead() throws Exception {
        Decoded d = decode(ElsysErsCodec.ers(), "01FF9C 070E10", null);
        assertThat(d.fields()).containsEntry("temperature", -10.0).containsEntry("vdd", 3600);
        assertThat(of(d, Reading::deviceStatus)).containsExactly(new DeviceStatus(null, 3600, null, null));
        assertThat(of(d, Reading::environment)).containsExactly(new Environment(null, -10.0, null, null, null));
    }

    @Test
    void withoutAZoneMotionIsNotAReadingButStaysInTheFields() throws Exception {
        Decoded d = decode(ElsysErsCodec.ersEye(), "0506 1102", null);
        assertThat(d.fields()).containsEntry("motion", 6).containsEntry("occupancy", 2);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void ersEyeHeatMap() throws Exception {
        StringBuilder hex = new StringBuilder("13 14");
        for (int p = 0; p < 64; p++) {
            hex.append(String.format("%02X", p));
        }
        Decoded d = decode(ElsysErsCodec.ersEye(), hex.toString(), "lib-digidel");
        @SuppressWarnings("unchecked")
        List<Double> pixels = (List<Double>) d.fields().get("grideye");
        assertThat(pixels).hasSize(64).startsWith(20.0, 20.1, 20.2).endsWith(20 + 63 / 10.0);
        assertThat(HexFormat.of().formatHex(ElsysErsCodec.ersEye().encode(d.fields())))
                .isEqualToIgnoringCase(hex.toString().replace(" ", ""));
    }

    @Test
    void encodeIsTheInverseOfDecodeForEachModel() throws Exception {
        Map<ElsysErsCodec, String> examples = new LinkedHashMap<>();
        examples.put(ElsysErsCodec.ers(), "0100E2 0229 040027 0506 070E10");
        examples.put(ElsysErsCodec.ersCo2(), "01FF9C 0229 040027 0506 060308 070E10");
        examples.put(ElsysErsCodec.ersEye(), "0100E2 0229 040027 0500 070E10 1102");
        for (Map.Entry<ElsysErsCodec, String> e : examples.entrySet()) {
            Decoded d = decode(e.getKey(), e.getValue(), "lib");
            assertThat(HexFormat.of().formatHex(e.getKey().encode(d.fields())))
                    .as(e.getKey().model()).isEqualToIgnoringCase(e.getValue().replace(" ", ""));
            assertThat(decode(e.getKey(), HexFormat.of().formatHex(e.getKey().encode(d.fields())), "lib").fields())
                    .isEqualTo(d.fields());
        }
    }

    @Test
    void wrongPayloadsSayWhy() {
        assertThatThrownBy(() -> decode(ElsysErsCodec.ers(), "0100E2 060308", "lib"))
                .isInstanceOf(CodecException.class).hasMessageContaining("type 0x06 at byte 3 is a sensor elsys-ers does not have");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ersCo2(), "1101", "lib"))
                .hasMessageContaining("elsys-ers-co2 does not have");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ersEye(), "0100E2 3D00000000", "lib"))
                .hasMessageContaining("unknown type 0x3D at byte 3");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ers(), "0100", "lib"))
                .hasMessageContaining("type 0x01 needs 2 bytes, 1 left");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ersEye(), "1300" + "00".repeat(63), "lib"))
                .hasMessageContaining("type 0x13 needs 65 bytes, 64 left");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ers(), "0265", "lib")).hasMessageContaining("impossible humidity 101");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ersEye(), "1103", "lib")).hasMessageContaining("impossible occupancy state 3");
        assertThatThrownBy(() -> decode(ElsysErsCodec.ers(), "", "lib")).hasMessageContaining("empty payload");
    }

    @Test
    void theThreeModelsAreRegisteredOnElsysDataPort() {
        for (String model : List.of(ElsysErsCodec.ERS, ElsysErsCodec.ERS_CO2, ElsysErsCodec.ERS_EYE)) {
            assertThat(DeviceCodecs.forModel(model)).get().satisfies(c -> {
                assertThat(c.model()).isEqualTo(model);
                assertThat(c.fPort()).isEqualTo(5);
            });
        }
    }
}
