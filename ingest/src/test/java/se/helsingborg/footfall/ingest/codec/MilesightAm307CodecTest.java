package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** The AM307's vendor examples, its other messages, and what Footfall reads from them. */
class MilesightAm307CodecTest {
    private final MilesightAm300Codec codec = MilesightAm300Codec.am307();
    private final Device device = new Device("24e124707c481005", MilesightAm300Codec.AM307, "ttn-v3", null, "lib-digidel", 600);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 9, t, t);

    private Decoded decode(String hex) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), ctx);
    }

    @Test
    void isRegisteredUnderItsModelId() {
        assertThat(DeviceCodecs.forModel("milesight-am307")).get().extracting(DeviceCodec::model).isEqualTo("milesight-am307");
    }

    @Test
    void theThingsNetworkExampleOne() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/am307-codec.yaml, example 1. Its
        // last channel, 05 6A, is the PIR activity count of Milesight's AM100 series: the TTN
        // decoder stops there, and the example keeps "activity: 73" as a commented-out line.
        Decoded d = decode("01755C 03673401 046865 056A4900");
        assertThat(d.fields()).isEqualTo(Map.of("battery", 92, "temperature", 30.8, "humidity", 50.5, "activity", 73));
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(null, 30.8, 50.5, null, null));
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib-digidel", null, 73));
        assertThat(d.readings()).extracting(Reading::deviceStatus).filteredOn(s -> s != null)
                .containsExactly(DeviceStatus.battery(92));
    }

    @Test
    void theThingsNetworkExampleThree() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/am307-codec.yaml, example 3
        Decoded d = decode("077DE704 087D0700 09733F27");
        assertThat(d.fields()).isEqualTo(Map.of("co2", 1255, "tvoc", 7, "pressure", 1004.7));
        assertThat(d.readings()).singleElement().extracting(Reading::environment)
                .isEqualTo(new Environment(1255.0, null, null, null, 1004.7));
    }

    @Test
    void everyLiveChannelOfTheModel() throws Exception {
        Decoded d = decode("017564 0367EE00 04687C 050001 06CB02 077DA803 08E62500 09736627 0E0101");
        assertThat(d.fields()).containsEntry("battery", 100).containsEntry("temperature", 23.8).containsEntry("humidity", 62.0)
                .containsEntry("pir", "trigger").containsEntry("light_level", 2).containsEntry("co2", 936)
                .containsEntry("tvoc", 37).containsEntry("pressure", 1008.6).containsEntry("beep", "yes");
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib-digidel", true, null));
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(936.0, 23.8, 62.0, null, 1008.6));
        assertThat(decode("050000").readings()).singleElement().extracting(Reading::motion)
                .isEqualTo(new Motion("lib-digidel", false, null));
        assertThat(decode("0367F6FF").fields()).containsEntry("temperature", -1.0);
    }

    @Test
    void historyKeepsItsOwnTime() throws Exception {
        Decoded d = decode("20CE 7B3AF164 E100 5A00 01 03 8A02 6400 9427");
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("timestamp", 1693530747L);
        h.put("temperature", 22.5);
        h.put("humidity", 45.0);
        h.put("pir", "trigger");
        h.put("light_level", 3);
        h.put("co2", 650);
        h.put("tvoc", 100);
        h.put("pressure", 1013.2);
        assertThat(d.fields()).isEqualTo(Map.of("history", List.of(h)));
        assertThat(d.readings()).hasSize(2).allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(Instant.ofEpochSecond(1693530747L)));
        assertThat(d.readings()).extracting(Reading::environment).filteredOn(e -> e != null)
                .containsExactly(new Environment(650.0, 22.5, 45.0, null, 1013.2));
        assertThat(d.readings()).extracting(Reading::motion).filteredOn(m -> m != null)
                .containsExactly(new Motion("lib-digidel", true, null));
    }

    @Test
    void deviceAnnouncementIsFieldsOnly() throws Exception {
        Decoded d = decode("FF0BFF FF0101 FF166707D18484560000 FF090110 FF0A0105 FF0F00 FFFF0100 FF3A5802");
        assertThat(d.fields()).containsEntry("device_status", "unknown").containsEntry("ipso_version", "v0.1")
                .containsEntry("sn", "6707d18484560000").containsEntry("hardware_version", "v1.1")
                .containsEntry("firmware_version", "v1.5").containsEntry("lorawan_class", "Class A")
                .containsEntry("tsl_version", "v1.0").containsEntry("report_interval", 600);
        assertThat(d.readings()).isEmpty();
        assertThat(decode("FF0B01").fields()).containsEntry("device_status", "online");
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("01755C03673401046865056A4900", "077DE704087D070009733F27",
                "0367F6FF050000 06CB05 0E0100", "20CE7B3AF164E1005A000103 8A0264009427")) {
            String bytes = hex.replace(" ", "");
            assertThat(HexFormat.of().formatHex(codec.encode(decode(bytes).fields()))).isEqualToIgnoringCase(bytes);
        }
    }

    @Test
    void impossibleValuesAndOtherModelsChannelsAreRejected() {
        assertThatThrownBy(() -> decode("0468C9")).isInstanceOf(CodecException.class).hasMessageContaining("impossible humidity 100.5 %");
        assertThatThrownBy(() -> decode("077D8913")).hasMessageContaining("impossible CO2 5001 ppm");
        assertThatThrownBy(() -> decode("09730000")).hasMessageContaining("impossible pressure 0.0 hPa");
        assertThatThrownBy(() -> decode("0367E803")).hasMessageContaining("impossible temperature 100.0 °C");
        assertThatThrownBy(() -> decode("017565")).hasMessageContaining("impossible battery 101 %");
        assertThatThrownBy(() -> decode("20CE 7B3AF164 E100 C900 01 03 8A02 6400 9427")).hasMessageContaining("impossible humidity 100.5 %");
        // PM2.5 is an AM319 sensor; an AM307 frame with it is not from an AM307.
        assertThatThrownBy(() -> decode("0B7D2000")).hasMessageContaining("unknown channel 0x0B type 0x7D at byte 0");
    }

    @Test
    void truncatedPayloadsAreRejected() {
        assertThatThrownBy(() -> decode("077DA8")).hasMessageContaining("channel 0x07 type 0x7D needs 2 bytes, 1 left");
        assertThatThrownBy(() -> decode("20CE7B3AF164E1005A00")).hasMessageContaining("channel 0x20 type 0xCE needs 16 bytes, 8 left");
        assertThatThrownBy(() -> decode("01")).hasMessageContaining("truncated channel header");
    }
}
