package se.helsingborg.footfall.ingest.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;

/** Terabee's examples for the People Flow Counting M and L/XL, their commands, and the readings. */
class TerabeePeopleFlowCodecTest {
    private final TerabeePeopleFlowCodec m = TerabeePeopleFlowCodec.m();
    private final TerabeePeopleFlowCodec lxl = TerabeePeopleFlowCodec.lxl();
    private final Instant t = Instant.parse("2026-11-23T09:00:00Z");

    private Decoded decode(TerabeePeopleFlowCodec codec, int port, int... bytes) throws CodecException {
        return decode(codec, Map.of(1, "main-entrance"), port, bytes);
    }

    private Decoded decode(TerabeePeopleFlowCodec codec, Map<Integer, String> lines, int port, int... bytes) throws CodecException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        Device device = new Device("70b3d52dd3000123", codec.model(), "ttn-v3", lines, null, 900);
        return codec.decode(b, new UplinkContext(device, port, 5, t, t));
    }

    private static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            f.put((String) keyValues[i], keyValues[i + 1]);
        }
        return f;
    }

    /** TheThingsNetwork/lorawan-devices vendor/terabee/people-flow-counting-m-codec.yaml (commit 62c8acdd), fPort 82. */
    @Test
    void mCountingExample() throws Exception {
        Decoded d = decode(m, 82, 0, 0, 0, 10, 0, 0, 0, 5, 4);
        assertThat(d.fields()).isEqualTo(fields("count_in", 10L, "count_out", 5L, "flags_NETWORK_ON", 1));
        assertThat(d.readings()).singleElement().satisfies(r -> {
            assertThat(r.lineCrossings()).isEqualTo(LineCrossings.cumulative("main-entrance", 1, 10, 5));
            assertThat(r.eventTime()).isEqualTo(t);
            assertThat(r.frameCounter()).isEqualTo(5);
        });
    }

    /** TheThingsNetwork/lorawan-devices vendor/terabee/people-flow-counting-l-xl-codec.yaml: both counting examples, fPort 1. */
    @Test
    void lxlCountingExamples() throws Exception {
        Decoded plain = decode(lxl, 1, 0, 0, 0, 200, 0, 0, 1, 200, 0);
        assertThat(plain.fields()).isEqualTo(fields("count_in", 200L, "count_out", 456L));
        assertThat(plain.readings()).extracting(Reading::lineCrossings)
                .containsExactly(LineCrossings.cumulative("main-entrance", 1, 200, 456));
        Decoded flagged = decode(lxl, 1, 0, 0, 0, 0, 0, 0, 0, 0, 15);
        assertThat(flagged.fields()).isEqualTo(fields("count_in", 0L, "count_out", 0L, "flags_TPC_STOPPED", 1,
                "flags_TPC_STUCK", 1, "flags_MULTI_DEV_ISSUE", 1, "flags_WIFI_AP_ENABLED", 1));
    }

    /** The same file's command examples: access point state, mounting height, push period, version, area. */
    @Test
    void lxlCommandExamples() throws Exception {
        assertThat(decode(lxl, 5, 1, 0).fields()).isEqualTo(fields(
                "cmd_name", "CMD_GET_AP_STATE", "cmd_id", 1, "cmd_success", true, "cmd_value_state", "disabled"));
        assertThat(decode(lxl, 100, 1, 5, 220).fields()).isEqualTo(fields(
                "cmd_name", "CMD_GET_HEIGHT", "cmd_id", 1, "cmd_success", true, "cmd_value_mounting_height", 1500));
        assertThat(decode(lxl, 100, 3, 0, 60).fields()).isEqualTo(fields(
                "cmd_name", "CMD_GET_PUSH_PERIOD", "cmd_id", 3, "cmd_success", true, "cmd_value_push_period_min", 60));
        assertThat(decode(lxl, 4, 3, 2, 0, 1).fields()).isEqualTo(fields(
                "cmd_name", "CMD_GET_VER_LORA_AGENT", "cmd_id", 3, "cmd_success", true, "cmd_value_software_version", "2.0.1"));
        Decoded area = decode(lxl, 101, 2, 0, 0, 0, 0);
        assertThat(area.fields()).isEqualTo(fields("cmd_name", "CMD_GET_AREA_PTS", "cmd_id", null, "cmd_success", true,
                "cmd_value_nb_of_points", 2, "cmd_value_points", List.of(Map.of("x", 0, "y", 0), Map.of("x", 0, "y", 0))));
        assertThat(area.readings()).isEmpty();
    }

    @Test
    void areaPointsArePackedToTheRight() throws Exception {
        // 6 bits of padding, then (0, 0) and (80, 60) as 7 + 6 bits each.
        assertThat(decode(lxl, 101, 2, 0x00, 0x00, 0x14, 0x3C).fields().get("cmd_value_points"))
                .isEqualTo(List.of(Map.of("x", 0, "y", 0), Map.of("x", 80, "y", 60)));
        assertThat(decode(lxl, 101, 1, 0x14, 0x3C).fields().get("cmd_value_points")).isEqualTo(List.of(Map.of("x", 80, "y", 60)));
    }

    @Test
    void countsOnDemandAreTotalsToo() throws Exception {
        for (TerabeePeopleFlowCodec codec : List.of(m, lxl)) {
            Decoded d = decode(codec, 2, 2, 0, 0, 0x01, 0x2C, 0, 0, 0x01, 0x04);
            assertThat(d.fields()).isEqualTo(fields("cmd_name", "CMD_CNT_GET", "cmd_id", 2, "cmd_success", true,
                    "cmd_value_count_in", 300L, "cmd_value_count_out", 260L));
            assertThat(d.readings()).extracting(Reading::lineCrossings)
                    .containsExactly(LineCrossings.cumulative("main-entrance", 1, 300, 260));
        }
    }

    @Test
    void acknowledgementsOfResetsRebootsAndSettings() throws Exception {
        assertThat(decode(m, 2, 0xFF, 1, 0).fields()).isEqualTo(fields("cmd_name", "CMD_CNT_RST", "cmd_id", 1, "cmd_success", true));
        assertThat(decode(lxl, 2, 0xFF, 130, 0xFF).fields())
                .isEqualTo(fields("cmd_name", "CMD_CNT_SET", "cmd_id", 130, "cmd_success", false));
        assertThat(decode(m, 3, 0xFF, 1, 0).fields()).containsEntry("cmd_name", "CMD_DEVICE_REBOOT");
        assertThat(decode(lxl, 3, 0xFF, 1, 0).fields()).containsEntry("cmd_name", "CMD_DEV_RBT");
        assertThat(decode(lxl, 7, 0xFF, 1, 0).fields()).containsEntry("cmd_name", "CMD_FORCE_TIME_SYNC");
        assertThat(decode(lxl, 102, 0xFF, 0, 0).fields()).containsEntry("cmd_name", "CMD_SET_AREA_PTS");
        assertThat(decode(m, 6, 0xFF, 1, 0).fields()).containsEntry("cmd_name", "CMD_FORCE_REJOIN");
        assertThat(decode(m, 2, 0xFF, 1, 0).readings()).isEmpty();
    }

    @Test
    void mCommandAnswers() throws Exception {
        assertThat(decode(m, 5, 1, 1).fields()).containsEntry("cmd_name", "CMD_GET_ACCESS_POINT_STATE")
                .containsEntry("cmd_value_state", "ENABLED");
        assertThat(decode(m, 100, 1, 0x08, 0x34).fields()).containsEntry("cmd_value_mounting_height", 2100);
        assertThat(decode(m, 100, 2, 0).fields()).containsEntry("cmd_name", "CMD_GET_COUNTING_DIRECTION")
                .containsEntry("cmd_value_direction", "OUT");
        assertThat(decode(m, 100, 3, 0, 0, 0x03, 0x84).fields()).containsEntry("cmd_value_push_period_s", 900L);
        assertThat(decode(m, 100, 4, 1).fields()).containsEntry("cmd_value_cable_position", "LEFT");
        assertThat(decode(m, 8, 1, 1, 0, 40).fields()).containsEntry("cmd_name", "CMD_GET_ANALOG_OUTPUT")
                .containsEntry("cmd_value_state", "ENABLED").containsEntry("cmd_value_max_occupancy", 40);
        assertThat(decode(m, 4, 128, 'P', 'C', 'M').fields()).containsEntry("cmd_value_device_type", "PCM");
        assertThat(decode(m, 4, 128, 'X', 'X', 'X').fields()).containsEntry("cmd_value_device_type", "not recognized");
        assertThat(decode(m, 4, 138, 10, '1', '.', '2', '.', '3', '-', 'r', 'c', '1', 0).fields())
                .containsEntry("cmd_name", "CMD_GET_SW_VER").containsEntry("cmd_value_software_version", "1.2.3-rc1");
        assertThat(decode(m, 4, 139, 'v', '1', '.', '0', '.', '4', ' ', ' ', ' ', ' ').fields())
                .containsEntry("cmd_value_lora_module_version", "v1.0.4    ");
        assertThat(decode(m, 4, 139, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0).fields())
                .containsEntry("cmd_value_lora_module_version", "failure to retrieve");
        assertThat(decode(lxl, 100, 2, 1).fields()).containsEntry("cmd_name", "CMD_GET_REVERSE")
                .containsEntry("cmd_value_direction", "reversed");
    }

    @Test
    void withoutAGateTotalsAreNotReadings() throws Exception {
        Decoded d = decode(lxl, Map.of(), 1, 0, 0, 0, 200, 0, 0, 1, 200, 0);
        assertThat(d.fields()).containsEntry("count_in", 200L);
        assertThat(d.readings()).isEmpty();
    }

    @Test
    void encodeIsTheInverseOfDecode() throws Exception {
        for (TerabeePeopleFlowCodec codec : List.of(m, lxl)) {
            for (String hex : List.of("000000c8000001c800", "ffffffff0000000105", "0000000a0000000504")) {
                Decoded d = codec.decode(HexFormat.of().parseHex(hex),
                        new UplinkContext(new Device("x", codec.model(), "ttn-v3", Map.of(), null, 60), codec.fPort(), 1, t, t));
                assertThat(HexFormat.of().formatHex(codec.encode(d.fields()))).as(codec.model() + " " + hex).isEqualTo(hex);
            }
        }
    }

    @Test
    void wrongPayloadsSayWhy() {
        assertThatThrownBy(() -> decode(m, 82, 0, 0, 0, 10, 0, 0, 0, 5))
                .isInstanceOf(CodecException.class).hasMessageContaining("counting data has 9 bytes, not 8");
        assertThatThrownBy(() -> decode(m, 1, 0, 0, 0, 10, 0, 0, 0, 5, 4)).hasMessageContaining("unknown port 1");
        assertThatThrownBy(() -> decode(lxl, 82, 0, 0, 0, 10, 0, 0, 0, 5, 4)).hasMessageContaining("unknown port 82");
        assertThatThrownBy(() -> decode(lxl, 100, 9, 1)).hasMessageContaining("unknown command 9 on port 100");
        assertThatThrownBy(() -> decode(lxl, 2, 1)).hasMessageContaining("CMD_CNT_RST is only acknowledged");
        assertThatThrownBy(() -> decode(lxl, 2, 0xFF, 1)).hasMessageContaining("an acknowledgement has 3 bytes, not 2");
        assertThatThrownBy(() -> decode(lxl, 2, 2, 0, 0, 1)).hasMessageContaining("CMD_CNT_GET needs 8 value bytes, has 3");
        assertThatThrownBy(() -> decode(m, 100, 3, 0, 60)).hasMessageContaining("CMD_GET_PUSH_PERIOD needs 4 value bytes, has 2");
        assertThatThrownBy(() -> decode(lxl, 101, 3, 0, 0, 0, 0)).hasMessageContaining("3 area points need 5 bytes, not 4");
        assertThatThrownBy(() -> decode(lxl, 5)).hasMessageContaining("empty payload");
    }

    @Test
    void registeredWithTheirPorts() {
        DeviceCodec pm = DeviceCodecs.forModel(TerabeePeopleFlowCodec.PFC_M).orElseThrow();
        DeviceCodec pl = DeviceCodecs.forModel(TerabeePeopleFlowCodec.PFC_LXL).orElseThrow();
        assertThat(pm.fPort()).isEqualTo(82);
        assertThat(pl.fPort()).isEqualTo(1);
        assertThat(List.of(82, 2, 3, 4, 5, 6, 8, 100)).allMatch(pm::acceptsPort);
        assertThat(List.of(1, 7, 101, 102)).noneMatch(pm::acceptsPort);
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 100, 101, 102)).allMatch(pl::acceptsPort);
        assertThat(List.of(8, 82)).noneMatch(pl::acceptsPort);
    }
}
