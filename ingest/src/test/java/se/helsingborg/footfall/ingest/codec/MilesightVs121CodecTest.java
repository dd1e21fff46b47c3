package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** The VS121's vendor examples, its other messages, and what Footfall reads from them. */
class MilesightVs121CodecTest {
    private final MilesightVs121Codec codec = new MilesightVs121Codec();
    private final Device device = new Device("24e124598b247001", MilesightVs121Codec.MODEL, "ttn-v3", null, "lib-digidel", 600);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 3, t, t);

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
    void deviceInformationExample() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, first example
        Decoded d = decode("FF0101 FF086600B0940976 FF090100 FF1F1F07004B");
        assertThat(d.fields()).isEqualTo(fields("protocol_version", 1, "sn", "6600b0940976", "hardware_version", "1.0",
                "firmware_version", "31.7.0.75"));
        assertThat(d.readings()).isEmpty();
        assertThat(decode("FF035802").fields()).isEqualTo(Map.of("from_now_on_report_interval", 600));
    }

    @Test
    void peopleCountExampleBecomesThePeopleInTheZone() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, second example
        Decoded d = decode("04C9030800A1 06CD05");
        assertThat(d.fields()).isEqualTo(fields("people_count_all", 3, "region_count", 8, "region_1", 1, "region_2", 0,
                "region_3", 0, "region_4", 0, "region_5", 0, "region_6", 1, "region_7", 0, "region_8", 1, "people_count_max", 5));
        assertThat(d.readings()).singleElement().satisfies(r -> {
            assertThat(r.areaCount()).isEqualTo(new AreaCount("lib-digidel", 3));
            assertThat(r.eventTime()).isEqualTo(t);
        });
        Device noZone = new Device("24e124598b247001", MilesightVs121Codec.MODEL, "ttn-v3", null, null, 600);
        assertThat(codec.decode(HexFormat.of().parseHex("04C9030800A1"), new UplinkContext(noZone, 85, 3, t, t)).readings()).isEmpty();
    }

    @Test
    void theThingsNetworkExampleReadsTheRegionMaskByBit() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/vs121-codec.yaml: that decoder gives
        // people_counter_all 3, region_count 3 and region flags 1, 1, 0 for mask 0x0002, comparing
        // the mask with each index; Milesight's current decoder, followed here, tests the bits.
        Decoded d = decode("04C903030002");
        assertThat(d.fields()).isEqualTo(fields("people_count_all", 3, "region_count", 3, "region_1", 0, "region_2", 1, "region_3", 0));
        assertThat(d.readings()).extracting(Reading::areaCount).containsExactly(new AreaCount("lib-digidel", 3));
    }

    @Test
    void regionCountsExample() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, third example
        Decoded d = decode("07D50001000000000003 08D50100000000000000");
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int r = 1; r <= 16; r++) {
            expected.put("region_" + r + "_count", r == 2 || r == 9 ? 1 : r == 8 ? 3 : 0);
        }
        assertThat(d.fields()).isEqualTo(expected);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void peopleInOutExample() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, fourth example
        assertThat(decode("05CC02000100").fields()).isEqualTo(fields("people_in", 2, "people_out", 1));
        // The vendor reads these two as signed.
        assertThat(decode("05CCFFFF0000").fields()).isEqualTo(fields("people_in", -1, "people_out", 0));
    }

    @Test
    void flowExample() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, fifth example
        Decoded d = decode("09DA0001000200000000 0ADA0000000000000000 0BDA0000000000000012 0CDA0000000000000000");
        assertThat(d.fields()).hasSize(16).containsEntry("a_to_a", 256).containsEntry("a_to_b", 512).containsEntry("a_to_c", 0)
                .containsEntry("b_to_d", 0).containsEntry("c_to_d", 4608).containsEntry("d_to_d", 0);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void totalsDwellTimestampAndLine() throws Exception {
        Decoded d = decode("0DCC0A000500 0EE4003C007800 0F857B3AF164 10F703000200");
        assertThat(d.fields()).isEqualTo(fields("people_total_in", 10, "people_total_out", 5, "dwell_time_avg", 60,
                "dwell_time_max", 120, "timestamp", 1693530747L, "line_in", 3, "line_out", 2));
    }

    @Test
    void historyKeepsItsOwnTime() throws Exception {
        Decoded d = decode("20CE7B3AF164 01 05030005 20CE7B3AF164 02 04000300 20CE7B3AF164 05 01020304 20CE7B3AF164 11 003C007800");
        assertThat(d.fields().get("history")).isEqualTo(List.of(
                fields("timestamp", 1693530747L, "people_count_all", 5, "region_count", 3, "region_1", 1, "region_2", 0, "region_3", 1),
                fields("timestamp", 1693530747L, "people_in", 4, "people_out", 3),
                fields("timestamp", 1693530747L, "region_5_count", 1, "region_6_count", 2, "region_7_count", 3, "region_8_count", 4),
                fields("timestamp", 1693530747L, "dwell_time_avg", 60, "dwell_time_max", 120)));
        assertThat(d.readings()).singleElement().satisfies(r -> {
            assertThat(r.areaCount()).isEqualTo(new AreaCount("lib-digidel", 5));
            assertThat(r.eventTime()).isEqualTo(Instant.ofEpochSecond(1693530747L));
        });
        assertThat(decode("20CE7B3AF164 0F 00000012").fields().get("history"))
                .isEqualTo(List.of(fields("timestamp", 1693530747L, "d_to_c", 0, "d_to_d", 4608)));
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("04C9030800A1 06CD05", "05CC02000100", "07D50001000000000003 08D50100000000000000",
                "09DA0001000200000000 0ADA0000000000000000 0BDA0000000000000012 0CDA0000000000000000",
                "0DCC0A000500 10F703000200 0EE4003C007800 0F857B3AF164",
                "20CE7B3AF1640105030005 20CE7B3AF1640204000300 20CE7B3AF1640501020304 20CE7B3AF16411003C007800")) {
            String bytes = hex.replace(" ", "");
            assertThat(HexFormat.of().formatHex(codec.encode(decode(bytes).fields()))).isEqualToIgnoringCase(bytes);
        }
    }

    @Test
    void brokenPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("04C903110000")).isInstanceOf(CodecException.class)
                .hasMessageContaining("impossible region count 17");
        assertThatThrownBy(() -> decode("07D50001")).hasMessageContaining("channel 0x07 type 0xD5 needs 8 bytes, 2 left");
        assertThatThrownBy(() -> decode("20CE7B3AF164 13 00000000")).hasMessageContaining("historical data of unknown type 0x13");
        assertThatThrownBy(() -> decode("FF0A0101")).hasMessageContaining("unknown channel 0xFF type 0x0A");
        assertThatThrownBy(() -> decode("0367EE00")).hasMessageContaining("unknown channel 0x03 type 0x67 at byte 0");
    }
}
