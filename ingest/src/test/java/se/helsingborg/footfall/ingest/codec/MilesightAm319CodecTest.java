package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** The AM319's vendor examples, its other messages, and what Footfall reads from them. */
class MilesightAm319CodecTest {
    private final MilesightAm300Codec codec = MilesightAm300Codec.am319();
    private final Device device = new Device("24e124710c402148", MilesightAm300Codec.AM319, "ttn-v3", null, "lib", 600);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 21, t, t);

    private Decoded decode(String hex) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), ctx);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void isRegisteredUnderItsModelId() {
        assertThat(DeviceCodecs.forModel("milesight-am319")).get().extracting(DeviceCodec::model).isEqualTo("milesight-am319");
    }

    @Test
    void theThingsNetworkExample() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/am319-codec.yaml, example 1
        Decoded d = decode("03673401 046865 050001 06CB02 077DA803 087D2500 09736627 0A7D0400 0B7D2000 0C7D3000");
        assertThat(d.fields()).isEqualTo(fields("temperature", 30.8, "humidity", 50.5, "activity", "trigger", "light_level", 2,
                "co2", 936, "tvoc", 37, "pressure", 1008.6, "hcho", 0.04, "pm2.5", 32, "pm10", 48));
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(936.0, 30.8, 50.5, null, 1008.6));
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib", true, null));
        assertThat(d.readings()).hasSize(2);
    }

    @Test
    void sensorDecodersReadmeExample() throws Exception {
        // Milesight-IoT/SensorDecoders AM_Series/AM300_Series/README.md and AM_Series/AM300_v2/README.md.
        // Their decoder names PIR and PM2.5 "pir" and "pm2_5"; the TTN decoder for the AM319, whose
        // names Footfall uses, "activity" and "pm2.5". The values are the README's.
        Decoded d = decode("0367EE00 04687C 050001 06CB02 077DA803 087D2500 09736627 0A7D0400 0B7D2000 0C7D3000");
        assertThat(d.fields()).isEqualTo(fields("temperature", 23.8, "humidity", 62.0, "activity", "trigger", "light_level", 2,
                "co2", 936, "tvoc", 37, "pressure", 1008.6, "hcho", 0.04, "pm2.5", 32, "pm10", 48));
    }

    @Test
    void ozoneAndBuzzer() throws Exception {
        Decoded d = decode("0D7D0500 0E0100 050000");
        assertThat(d.fields()).isEqualTo(fields("o3", 0.05, "beep", "no", "activity", "idle"));
        assertThat(d.readings()).singleElement().extracting(Reading::motion).isEqualTo(new Motion("lib", false, null));
    }

    @Test
    void historyKeepsItsOwnTime() throws Exception {
        Decoded d = decode("20CE 7B3AF164 E100 5A00 00 03 8A02 6400 9427 0C00 1400 0500");
        Map<String, Object> h = fields("timestamp", 1693530747L, "temperature", 22.5, "humidity", 45.0, "pir", "idle",
                "light_level", 3, "co2", 650, "tvoc", 100, "pressure", 1013.2, "pm2_5", 12, "pm10", 20, "hcho", 0.05);
        assertThat(d.fields()).isEqualTo(Map.of("history", List.of(h)));
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(650.0, 22.5, 45.0, null, 1013.2));
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib", false, null));
        assertThat(d.readings()).allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(Instant.ofEpochSecond(1693530747L)));
        // The same record in µg/m³ TVOC firmware.
        assertThat(decode("21CE 7B3AF164 E100 5A00 00 03 8A02 6400 9427 0C00 1400 0500").fields()).isEqualTo(d.fields());
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("03673401046865050001 06CB02077DA803087D250009736627 0A7D04000B7D20000C7D3000 0D7D0500 0E0101",
                "20CE7B3AF164E1005A0000038A02640094270C0014000500")) {
            String bytes = hex.replace(" ", "");
            assertThat(HexFormat.of().formatHex(codec.encode(decode(bytes).fields()))).isEqualToIgnoringCase(bytes);
        }
    }

    @Test
    void brokenPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("077DFFFF")).isInstanceOf(CodecException.class).hasMessageContaining("impossible CO2 65535 ppm");
        assertThatThrownBy(() -> decode("0468FF")).hasMessageContaining("impossible humidity 127.5 %");
        assertThatThrownBy(() -> decode("20CE7B3AF164E1005A0000038A02640094270C001400"))
                .hasMessageContaining("channel 0x20 type 0xCE needs 22 bytes, 20 left");
        assertThatThrownBy(() -> decode("056A4900")).hasMessageContaining("unknown channel 0x05 type 0x6A");
        assertThatThrownBy(() -> decode("0B7D20")).hasMessageContaining("needs 2 bytes, 1 left");
    }
}
