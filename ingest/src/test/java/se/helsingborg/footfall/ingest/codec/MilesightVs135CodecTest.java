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
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** The VS135's vendor examples, its other messages, and what Footfall reads from them. */
class MilesightVs135CodecTest {
    private final MilesightVs135Codec codec = new MilesightVs135Codec();
    private final Device device = new Device("24e124791d470005", MilesightVs135Codec.MODEL, "ttn-v3",
            Map.of(1, "main-entrance", 4, "park-door"), "lib", 300);
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final UplinkContext ctx = new UplinkContext(device, 85, 31, t, t);

    private Decoded decode(String hex) throws CodecException {
        return decode(hex, ctx);
    }

    private Decoded decode(String hex, UplinkContext context) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), context);
    }

    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void totalsExampleBecomesCumulativeCountsOfTheMappedLines() throws Exception {
        // TheThingsNetwork/lorawan-devices vendor/milesight-iot/vs135-codec.yaml, and the first
        // example of Milesight-IoT/SensorDecoders VS_Series/VS13x/README.md
        Decoded d = decode("03D248000000 04D2C8000000 06D200000000 07D200000000 09D200000000 0AD200000000 0CD2B4140000 0DD28D1A0000");
        assertThat(d.fields()).isEqualTo(fields("line_1_total_in", 72L, "line_1_total_out", 200L, "line_2_total_in", 0L,
                "line_2_total_out", 0L, "line_3_total_in", 0L, "line_3_total_out", 0L, "line_4_total_in", 5300L, "line_4_total_out", 6797L));
        assertThat(d.readings()).extracting(Reading::lineCrossings).containsExactly(
                LineCrossings.cumulative("main-entrance", 1, 72, 200), LineCrossings.cumulative("park-door", 4, 5300, 6797));
    }

    @Test
    void periodExampleBecomesPeriodCountsOfTheReportingInterval() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS13x/README.md, second example
        Decoded d = decode("05CC00000000 08CC00000000 0BCC00000000 0ECC05000700");
        assertThat(d.fields()).isEqualTo(fields("line_1_period_in", 0, "line_1_period_out", 0, "line_2_period_in", 0,
                "line_2_period_out", 0, "line_3_period_in", 0, "line_3_period_out", 0, "line_4_period_in", 5, "line_4_period_out", 7));
        assertThat(d.readings()).extracting(Reading::lineCrossings).containsExactly(
                LineCrossings.period("main-entrance", 1, 0, 0, 300), LineCrossings.period("park-door", 4, 5, 7, 300));
        assertThat(d.readings()).allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(t));
    }

    @Test
    void regionExampleBecomesThePeopleInTheZone() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS13x/README.md, third example
        Decoded d = decode("0FE302100709");
        assertThat(d.fields()).isEqualTo(fields("region_1_count", 2, "region_2_count", 16, "region_3_count", 7, "region_4_count", 9));
        assertThat(d.readings()).singleElement().extracting(Reading::areaCount).isEqualTo(new AreaCount("lib", 34));
        Device noZone = new Device("24e124791d470005", MilesightVs135Codec.MODEL, "ttn-v3", Map.of(1, "main-entrance"), null, 300);
        assertThat(decode("0FE302100709", new UplinkContext(noZone, 85, 31, t, t)).readings()).isEmpty();
    }

    @Test
    void dwellExampleIsFieldsOnly() throws Exception {
        // Milesight-IoT/SensorDecoders VS_Series/VS13x/README.md, fourth example
        Decoded d = decode("10E40109101121 10E40275217533 10E40381212389 10E40476001387");
        assertThat(d.fields()).isEqualTo(fields("region_1_avg_dwell", 4105, "region_1_max_dwell", 8465,
                "region_2_avg_dwell", 8565, "region_2_max_dwell", 13173, "region_3_avg_dwell", 8577, "region_3_max_dwell", 35107,
                "region_4_avg_dwell", 118, "region_4_max_dwell", 34579));
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void childCountsAreFieldsOnly() throws Exception {
        Decoded d = decode("11D203000000 12D201000000 13CC02000100 1DE301000200 1EE4013C007800");
        assertThat(d.fields()).isEqualTo(fields("line_1_child_total_in", 3L, "line_1_child_total_out", 1L,
                "line_1_child_period_in", 2, "line_1_child_period_out", 1, "region_1_child_count", 1, "region_2_child_count", 0,
                "region_3_child_count", 2, "region_4_child_count", 0, "region_1_child_avg_dwell", 60, "region_1_child_max_dwell", 120));
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void occlusionAlarms() throws Exception {
        assertThat(decode("50FC000001").fields()).isEqualTo(Map.of("master_occlusion_alarm", "alarm_triggered"));
        assertThat(decode("50FC000200").fields()).isEqualTo(Map.of("node_2_occlusion_alarm", "alarm_released"));
    }

    @Test
    void historyRecordsOfOneMomentBecomeReadingsAtThatMoment() throws Exception {
        Decoded d = decode("20CE7B3AF164 03 0A000000 20CE7B3AF164 04 05000000 20CE7B3AF164 05 02000100 20CE7B3AF164 0F 01020000"
                + " 20CE7B3AF164 10 012C01 20CE7B3AF164 20 015802");
        assertThat(d.fields().get("history")).isEqualTo(List.of(
                fields("timestamp", 1693530747L, "line_1_total_in", 10L), fields("timestamp", 1693530747L, "line_1_total_out", 5L),
                fields("timestamp", 1693530747L, "line_1_period_in", 2, "line_1_period_out", 1),
                fields("timestamp", 1693530747L, "region_1_count", 1, "region_2_count", 2, "region_3_count", 0, "region_4_count", 0),
                fields("timestamp", 1693530747L, "region_1_avg_dwell", 300), fields("timestamp", 1693530747L, "region_1_max_dwell", 600)));
        assertThat(d.readings()).extracting(Reading::lineCrossings).filteredOn(c -> c != null).containsExactly(
                LineCrossings.period("main-entrance", 1, 2, 1, 300), LineCrossings.cumulative("main-entrance", 1, 10, 5));
        assertThat(d.readings()).extracting(Reading::areaCount).filteredOn(a -> a != null).containsExactly(new AreaCount("lib", 3));
        assertThat(d.readings()).allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(Instant.ofEpochSecond(1693530747L)));
        // A lone direction of a total is no cumulative count.
        assertThat(decode("20CE7B3AF164 03 0A000000").readings()).isEmpty();
    }

    @Test
    void childHistoryRecords() throws Exception {
        Decoded d = decode("20CE7B3AF164 11 07000000 20CE7B3AF164 1E 013C00 20CE7B3AF164 3C 017800");
        assertThat(d.fields().get("history")).isEqualTo(List.of(
                fields("timestamp", 1693530747L, "line_1_child_total_in", 7L),
                fields("timestamp", 1693530747L, "region_1_child_avg_dwell", 60),
                fields("timestamp", 1693530747L, "region_1_child_max_dwell", 120)));
    }

    @Test
    void deviceInformationIsFieldsOnly() throws Exception {
        Decoded d = decode("FF0101 FF090100 FF1F01020003 FF166791D19604050005 FF033C00");
        assertThat(d.fields()).isEqualTo(fields("ipso_version", "v0.1", "hardware_version", "v1.0", "firmware_version", "v1.2.0.3",
                "sn", "6791d19604050005", "report_interval", 60));
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of(
                "03D248000000 04D2C8000000 05CC05000700 0CD2B4140000 0DD28D1A0000 0ECC05000700",
                "0FE302100709 10E40109101121 10E40476001387",
                "11D203000000 12D201000000 13CC02000100 1DE301000200 1EE4013C007800",
                "20CE7B3AF164030A000000 20CE7B3AF164040500000020CE7B3AF1640502000100 20CE7B3AF1640F01020000"
                        + " 20CE7B3AF16410012C01 20CE7B3AF16420015802")) {
            String bytes = hex.replace(" ", "");
            assertThat(HexFormat.of().formatHex(codec.encode(decode(bytes).fields()))).isEqualToIgnoringCase(bytes);
        }
    }

    @Test
    void brokenPayloadsSayWhy() {
        assertThatThrownBy(() -> decode("03D24800")).isInstanceOf(CodecException.class).hasMessageContaining("channel 0x03 type 0xD2 needs 4 bytes, 2 left");
        assertThatThrownBy(() -> decode("03CC48000000")).hasMessageContaining("unknown channel 0x03 type 0xCC at byte 0");
        assertThatThrownBy(() -> decode("10E40509101121")).hasMessageContaining("impossible region 5");
        assertThatThrownBy(() -> decode("20CE7B3AF164 40 01000000")).hasMessageContaining("historical data of unknown type 0x40");
        assertThatThrownBy(() -> decode("20CE7B3AF1")).hasMessageContaining("channel 0x20 type 0xCE needs 5 bytes, 3 left");
        assertThatThrownBy(() -> decode("FF0B01")).hasMessageContaining("unknown channel 0xFF type 0x0B");
        assertThatThrownBy(() -> decode("")).hasMessageContaining("empty payload");
    }
}
