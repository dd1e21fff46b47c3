package se.helsingborg.footfall.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TtnV3EnvelopeTest {
    private final TtnV3Envelope ttn = new TtnV3Envelope();
    private static final String TOPIC = "v3/library-counters@ttn/devices/eui-24e124136b316071/up";

    @Test
    void readsAnUplinkAsTheStackPublishesIt() throws Exception {
        String json = """
                {"end_device_ids":{"device_id":"eui-24e124136b316071","application_ids":{"application_id":"library-counters"},
                  "dev_eui":"24E124136B316071","join_eui":"24E124C0002A0001","dev_addr":"260B1234"},
                 "correlation_ids":["as:up:01H"],"received_at":"2026-11-23T09:00:00.123456789Z",
                 "uplink_message":{"session_key_id":"AYq=","f_port":85,"f_cnt":4211,"frm_payload":"BcwFAAcA",
                   "rx_metadata":[{"gateway_ids":{"gateway_id":"hbg-gw-1"},"rssi":-97,"channel_rssi":-97,"snr":6.25}],
                   "settings":{"data_rate":{"lora":{"bandwidth":125000,"spreading_factor":7}},"frequency":"868100000"},
                   "received_at":"2026-11-23T09:00:00.101Z","consumed_airtime":"0.056576s"}}""";
        Uplink u = ttn.parse(TOPIC, json.getBytes(StandardCharsets.UTF_8));
        assertThat(u.deviceId()).isEqualTo("24e124136b316071");
        assertThat(u.fPort()).isEqualTo(85);
        assertThat(u.fCnt()).isEqualTo(4211);
        assertThat(u.receivedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00.101Z"));
        assertThat(u.payload()).containsExactly(0x05, 0xCC, 0x05, 0x00, 0x07, 0x00);
        assertThat(u.rssiDbm()).isEqualTo(-97.0);
        assertThat(u.snrDb()).isEqualTo(6.25);
    }

    @Test
    void aMissingFrameCounterIsFrameZeroBecauseTheStackOmitsZeroes() throws Exception {
        String json = """
                {"end_device_ids":{"device_id":"d","dev_eui":"24E124136B316071"},
                 "uplink_message":{"f_port":85,"frm_payload":"BcwFAAcA","received_at":"2026-11-23T09:00:00Z"}}""";
        assertThat(ttn.parse(TOPIC, json.getBytes(StandardCharsets.UTF_8)).fCnt()).isZero();
    }

    @Test
    void encodeThenParseGivesTheSameUplink() throws Exception {
        Uplink u = new Uplink(TtnV3Envelope.NAME, null, "24e124136b316072", 85, 9, Instant.parse("2026-11-23T10:01:00Z"),
                new byte[] {5, (byte) 0xCC, 1, 0, 2, 0}, -80.0, 7.5);
        String topic = TtnV3Envelope.topic("app", "ttn", "eui-24e124136b316072");
        Uplink back = ttn.parse(topic, ttn.encode(u, "app", "eui-24e124136b316072"));
        assertThat(back.deviceId()).isEqualTo(u.deviceId());
        assertThat(back.fCnt()).isEqualTo(9);
        assertThat(back.receivedAt()).isEqualTo(u.receivedAt());
        assertThat(back.payload()).containsExactly(u.payload());
    }

    @Test
    void brokenMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> ttn.parse(TOPIC, "{not json".getBytes()))
                .isInstanceOf(EnvelopeException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> ttn.parse(TOPIC, "{\"end_device_ids\":{}}".getBytes()))
                .hasMessageContaining("no uplink_message");
        assertThatThrownBy(() -> ttn.parse(TOPIC, """
                {"end_device_ids":{"dev_eui":"AA"},"uplink_message":{"f_port":85,"frm_payload":"@@@","received_at":"2026-11-23T09:00:00Z"}}"""
                .getBytes())).hasMessageContaining("not base64");
        assertThatThrownBy(() -> ttn.parse(TOPIC, """
                {"end_device_ids":{"dev_eui":"AA"},"uplink_message":{"f_port":85,"frm_payload":"AQ==","received_at":"yesterday"}}"""
                .getBytes())).hasMessageContaining("received_at 'yesterday'");
        assertThatThrownBy(() -> ttn.parse("v3/app/devices/d/join", "{}".getBytes()))
                .hasMessageContaining("not a The Things Stack v3 uplink topic");
    }
}
