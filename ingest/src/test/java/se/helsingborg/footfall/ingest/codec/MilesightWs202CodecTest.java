package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** The WS202's vendor examples and what Footfall reads from them. */
class MilesightWs202CodecTest {
    private final MilesightWs202Codec codec = new MilesightWs202Codec();
    private final Device device = new Device("24e124538c017201", MilesightWs202Codec.MODEL, "ttn-v3", null, "lib-digidel", 3600);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 4, t, t);

    private Decoded decode(String hex) throws CodecException {
        return decode(hex, ctx);
    }

    private Decoded decode(String hex, UplinkContext context) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), context);
    }

    @Test
    void theThingsNetworkExamples() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/ws202-codec.yaml, examples 1 and 2
        assertThat(decode("030001").fields()).isEqualTo(Map.of("pir", "trigger"));
        assertThat(decode("040000").fields()).isEqualTo(Map.of("light", "dark"));
    }

    @Test
    void readmeExampleWithBatteryBecomesMotionAndStatus() throws Exception {
        // Milesight-IoT/SensorDecoders WS_Series/WS202/README.md; that decoder calls the light
        // channel "daylight", the TTN decoder (whose names Footfall uses) "light".
        Decoded d = decode("017510 030001 040000");
        assertThat(d.fields()).isEqualTo(Map.of("battery", 16, "pir", "trigger", "light", "dark"));
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib-digidel", true, null));
        assertThat(d.readings()).extracting(Reading::deviceStatus).filteredOn(s -> s != null)
                .containsExactly(DeviceStatus.battery(16));
        assertThat(decode("030000 040001").fields()).isEqualTo(Map.of("pir", "normal", "light", "light"));
        assertThat(decode("030000").readings()).singleElement()
                .extracting(Reading::motion).isEqualTo(new Motion("lib-digidel", false, null));
    }

    @Test
    void withoutAZoneThereIsNoMotionReading() throws Exception {
        Device noZone = new Device("24e124538c017201", MilesightWs202Codec.MODEL, "ttn-v3", null, null, 3600);
        Decoded d = decode("017510 030001", new UplinkContext(noZone, 85, 4, t, t));
        assertThat(d.fields()).containsEntry("pir", "trigger");
        assertThat(d.readings()).extracting(Reading::motion).containsOnlyNulls();
        assertThat(d.readings()).hasSize(1);
    }

    @Test
    void deviceAnnouncementIsFieldsOnly() throws Exception {
        Decoded d = decode("FF0BFF FF0101 FF166136D03948680000 FF090140 FF0A0114 FF0F00 FFFE01 FF033C00");
        assertThat(d.fields()).containsEntry("device_status", "on").containsEntry("ipso_version", "v0.1")
                .containsEntry("sn", "6136d03948680000").containsEntry("hardware_version", "v1.4")
                .containsEntry("firmware_version", "v1.20").containsEntry("lorawan_class", "Class A")
                .containsEntry("reset_event", "reset").containsEntry("report_interval", 60);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("017510030001040000", "030000", "040001")) {
            assertThat(HexFormat.of().formatHex(codec.encode(decode(hex).fields()))).isEqualToIgnoringCase(hex);
        }
    }

    @Test
    void brokenPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("017565")).isInstanceOf(CodecException.class).hasMessageContaining("impossible battery 101 %");
        assertThatThrownBy(() -> decode("0300")).hasMessageContaining("channel 0x03 type 0x00 needs 1 bytes, 0 left");
        assertThatThrownBy(() -> decode("0567 0101")).hasMessageContaining("unknown channel 0x05 type 0x67 at byte 0");
        assertThatThrownBy(() -> decode("FF2001")).hasMessageContaining("unknown channel 0xFF type 0x20");
        assertThatThrownBy(() -> decode("")).hasMessageContaining("empty payload");
        assertThatThrownBy(() -> decode("030001 04")).hasMessageContaining("truncated channel header at byte 3");
    }
}
