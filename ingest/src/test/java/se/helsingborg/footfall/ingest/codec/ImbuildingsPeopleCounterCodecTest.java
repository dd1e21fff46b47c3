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
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** IMBuildings' people counter example, its other messages, and what Footfall reads from them. */
class ImbuildingsPeopleCounterCodecTest {
    private final ImbuildingsPeopleCounterCodec codec = new ImbuildingsPeopleCounterCodec();
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");
    private final Device device = new Device("0004a30b00f0d40e", ImbuildingsPeopleCounterCodec.MODEL, "ttn-v3",
            Map.of(1, "digidel-door"), null, 900);

    private Decoded decode(int port, String hex) throws CodecException {
        return decode(device, port, hex);
    }

    private Decoded decode(Device d, int port, String hex) throws CodecException {
        return codec.decode(HexFormat.of().parseHex(hex.replace(" ", "")), new UplinkContext(d, port, 17, t, t));
    }

    private static <T> List<T> of(Decoded d, java.util.function.Function<Reading, T> part) {
        return d.readings().stream().map(part).filter(Objects::nonNull).toList();
    }

    /** TheThingsNetwork/lorawan-devices vendor/imbuildings/imbuildings-codec.yaml, "Counters, battery", fPort 1. */
    @Test
    void vendorExample() throws Exception {
        Decoded d = decode(1, "02 06 0004a30b00f0d40e 00 0100 0000 0000 20 000d 000a 6a");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("device_type_identifier", 2);
        expected.put("device_type", "People Counter");
        expected.put("device_type_variant", 6);
        expected.put("device_id", "0004a30b00f0d40e");
        expected.put("device_status", 0);
        expected.put("battery_voltage", 2.56);
        expected.put("counter_a", 0);
        expected.put("counter_b", 0);
        expected.put("sensor_status", 32);
        expected.put("total_counter_a", 13);
        expected.put("total_counter_b", 10);
        expected.put("payload_counter", 106);
        assertThat(d.fields()).isEqualTo(expected);
        assertThat(of(d, Reading::lineCrossings)).containsExactly(
                LineCrossings.period("digidel-door", 1, 0, 0, 900), LineCrossings.cumulative("digidel-door", 1, 13, 10));
        assertThat(of(d, Reading::deviceStatus)).containsExactly(new DeviceStatus(null, 2560, null, null));
    }

    @Test
    void periodCountsAreCounterAInAndCounterBOut() throws Exception {
        Decoded d = decode(1, "02 06 0004a30b00f0d40e 00 0131 0007 0003 00 FFFE 0102 6b");
        assertThat(d.fields()).containsEntry("counter_a", 7).containsEntry("counter_b", 3)
                .containsEntry("total_counter_a", 65534).containsEntry("battery_voltage", 3.05);
        assertThat(of(d, Reading::lineCrossings)).containsExactly(
                LineCrossings.period("digidel-door", 1, 7, 3, 900), LineCrossings.cumulative("digidel-door", 1, 65534, 258));
        assertThat(d.readings()).allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(t));
    }

    @Test
    void totalsOnlyAndHeartbeat() throws Exception {
        Decoded totals = decode(1, "02 07 0004a30b00f0d40e 00 0010 000c");
        assertThat(totals.fields()).containsEntry("device_type_variant", 7).containsEntry("sensor_status", 0)
                .containsEntry("total_counter_a", 16).containsEntry("total_counter_b", 12)
                .doesNotContainKeys("battery_voltage", "counter_a");
        assertThat(of(totals, Reading::lineCrossings)).containsExactly(LineCrossings.cumulative("digidel-door", 1, 16, 12));

        Decoded heartbeat = decode(1, "02 08 0004a30b00f0d40e 00 0122 00");
        assertThat(heartbeat.fields()).containsEntry("device_type_variant", 8).containsEntry("device_status", 0)
                .containsEntry("battery_voltage", 2.9).containsEntry("sensor_status", 0);
        assertThat(heartbeat.readings()).extracting(Reading::deviceStatus).containsExactly(new DeviceStatus(null, 2900, null, null));
    }

    @Test
    void withoutHeaderTheVariantComesFromThePort() throws Exception {
        Decoded periodic = decode(26, "00 0100 0002 0001 20 000d 000a 6a");
        assertThat(periodic.fields()).doesNotContainKeys("device_id", "device_type")
                .containsEntry("counter_a", 2).containsEntry("counter_b", 1).containsEntry("payload_counter", 106);
        assertThat(periodic.readings()).hasSize(3);
        assertThat(decode(27, "00 0010 000c").fields()).containsExactly(
                Map.entry("sensor_status", 0), Map.entry("total_counter_a", 16), Map.entry("total_counter_b", 12));
        assertThat(decode(28, "00 0122 00").fields()).containsEntry("battery_voltage", 2.9);
    }

    @Test
    void configurationAnswersOnPort10() throws Exception {
        Decoded d = decode(10, "F1 01 03 1E 0F 05 1F 01 02 03 05 20 02 06 01 03 21 18 05 22 02 08 00 0A 02 0004a30b00f0d40e"
                + " 06 2B 26011F2A 03 2F 00 03 33 01 03 36 1C");
        assertThat(d.fields()).containsEntry("interval", 15).containsEntry("event_type", 1).containsEntry("event_count", 2)
                .containsEntry("event_timeout", 3).containsEntry("payload_type", 2).containsEntry("payload_variant", 6)
                .containsEntry("payload_header", true).containsEntry("heartbeat_interval", 24)
                .containsEntry("heartbeat_payload_type", 2).containsEntry("heartbeat_payload_variant", 8)
                .containsEntry("heartbeat_payload_header", false).containsEntry("device_id", "0004a30b00f0d40e")
                .containsEntry("device_address", "26011f2a").containsEntry("confirmed_messages", 0)
                .containsEntry("fport", 1).containsEntry("heartbeat_fport", 28);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void withoutAGateCountsAreNotReadingsButBatteryIs() throws Exception {
        Device noGate = new Device("0004a30b00f0d40e", ImbuildingsPeopleCounterCodec.MODEL, "ttn-v3", Map.of(), "lib", 900);
        Decoded d = decode(noGate, 1, "02 06 0004a30b00f0d40e 00 0100 0000 0000 20 000d 000a 6a");
        assertThat(d.fields()).containsEntry("total_counter_a", 13);
        assertThat(d.readings()).extracting(Reading::deviceStatus).containsExactly(new DeviceStatus(null, 2560, null, null));
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (String hex : List.of("02 06 0004a30b00f0d40e 00 0100 0000 0000 20 000d 000a 6a",
                "02 07 0004a30b00f0d40e 00 0010 000c", "02 08 0004a30b00f0d40e 00 0122 00",
                "02 06 0004a30b00f0d40e 01 0131 0007 0003 00 FFFE 0102 6b")) {
            Decoded d = decode(1, hex);
            assertThat(HexFormat.of().formatHex(codec.encode(d.fields()))).isEqualToIgnoringCase(hex.replace(" ", ""));
        }
        Decoded headerless = decode(26, "00 0100 0002 0001 20 000d 000a 6a");
        assertThat(decode(1, HexFormat.of().formatHex(codec.encode(headerless.fields()))).fields())
                .containsAllEntriesOf(headerless.fields()).containsEntry("device_id", "0000000000000000");
    }

    @Test
    void wrongPayloadsSayWhy() {
        assertThatThrownBy(() -> decode(1, "01 03 0004a30b00f0d40e 00 0100 0898 1770 0190 01"))
                .isInstanceOf(CodecException.class).hasMessageContaining("payload type 1 is not a people counter's");
        assertThatThrownBy(() -> decode(1, "02 05 0004a30b00f0d40e 00 0100 0000 0000 20"))
                .hasMessageContaining("unknown people counter variant 5");
        assertThatThrownBy(() -> decode(1, "02 06 0004a30b00f0d40e 00 0100 0000 0000 20 000d 000a"))
                .hasMessageContaining("variant 6 has 23 bytes, not 22");
        assertThatThrownBy(() -> decode(1, "02")).hasMessageContaining("truncated header");
        assertThatThrownBy(() -> decode(27, "00 0010")).hasMessageContaining("variant 7 without header has 5 bytes, not 3");
        assertThatThrownBy(() -> decode(10, "F1 01 03 99 00")).hasMessageContaining("unknown setting 0x99");
        assertThatThrownBy(() -> decode(10, "F1 01 05 1F 01")).hasMessageContaining("has length 5, 3 bytes left");
        assertThatThrownBy(() -> decode(10, "F1 01 00 1F")).hasMessageContaining("has length 0");
        assertThatThrownBy(() -> decode(10, "F1 01 03 1F 01")).hasMessageContaining("setting 0x1F needs 3 bytes, has 1");
        assertThatThrownBy(() -> decode(10, "02 01")).hasMessageContaining("starts with F1 01");
        assertThatThrownBy(() -> decode(33, "00")).hasMessageContaining("unknown port 33");
    }

    @Test
    void registeredWithItsPorts() {
        DeviceCodec c = DeviceCodecs.forModel(ImbuildingsPeopleCounterCodec.MODEL).orElseThrow();
        assertThat(c.fPort()).isEqualTo(1);
        assertThat(List.of(1, 10, 26, 27, 28)).allMatch(c::acceptsPort);
        assertThat(List.of(2, 25, 29, 85)).noneMatch(c::acceptsPort);
    }
}
