package se.helsingborg.footfall.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChirpStackEnvelopeTest {
    private static final Instant OURS = Instant.parse("2026-11-23T09:00:05Z");

    @Test
    void readsAChirpStackV4UplinkEvent() throws Exception {
        String topic = "application/6c3f64a0-8f31-4f5d-9a1a-0c1e5d4f2b11/device/24e124136b316071/event/up";
        String json = """
                {"deduplicationId":"3ac7e3c4-4401-4b8d-9386-a5c902f9202d","time":"2026-11-23T09:00:00.123Z",
                 "deviceInfo":{"tenantId":"52f14cd4-c6f1-4fbd-8f87-4025e1d49242","tenantName":"Helsingborg",
                   "applicationId":"6c3f64a0-8f31-4f5d-9a1a-0c1e5d4f2b11","applicationName":"library-counters",
                   "deviceProfileId":"0b46400d-2d8e-4f0b-8cd6-a0a8b1a9d4b6","deviceProfileName":"VS133",
                   "deviceName":"main-entrance","devEui":"24e124136b316071","tags":{}},
                 "devAddr":"01fb2a9e","adr":true,"dr":5,"fCnt":321,"fPort":85,"confirmed":false,"data":"BcwFAAcA",
                 "object":{"line_1_period_in":5,"line_1_period_out":7},
                 "rxInfo":[{"gatewayId":"24e124fffef0c2a1","uplinkId":16489,"rssi":-91,"snr":8.5,"channel":2,
                   "location":{},"context":"EFwMtA==","metadata":{"region_common_name":"EU868"},"crcStatus":"CRC_OK"}],
                 "txInfo":{"frequency":868500000,"modulation":{"lora":{"bandwidth":125000,"spreadingFactor":7,"codeRate":"CR_4_5"}}}}""";
        ChirpStackV4Envelope cs = new ChirpStackV4Envelope();
        assertThat(cs.matches(topic)).isTrue();
        Uplink u = cs.parse(topic, json.getBytes(StandardCharsets.UTF_8), OURS);
        assertThat(u.deviceId()).isEqualTo("24e124136b316071");
        assertThat(u.fCnt()).isEqualTo(321);
        assertThat(u.fPort()).isEqualTo(85);
        assertThat(u.receivedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00.123Z"));
        assertThat(u.payload()).containsExactly(0x05, 0xCC, 0x05, 0x00, 0x07, 0x00);
        assertThat(u.rssiDbm()).isEqualTo(-91.0);
        assertThat(u.snrDb()).isEqualTo(8.5);
    }

    @Test
    void chirpStackV4LeavesOutZeroesAndMayLackATime() throws Exception {
        String topic = "application/app/device/24e124136b316071/event/up";
        Uplink u = new ChirpStackV4Envelope().parse(topic,
                "{\"deviceInfo\":{\"devEui\":\"24e124136b316071\"},\"fPort\":85,\"data\":\"BcwAAAAA\"}".getBytes(), OURS);
        assertThat(u.fCnt()).isZero();
        assertThat(u.receivedAt()).isEqualTo(OURS);
        assertThatThrownBy(() -> new ChirpStackV4Envelope().parse(topic,
                "{\"deviceInfo\":{\"devEui\":\"0000000000000001\"},\"fPort\":85,\"data\":\"BcwAAAAA\"}".getBytes(), OURS))
                .hasMessageContaining("differs from the topic");
    }

    @Test
    void readsChirpStackV3EventsWithTheDevEuiInBase64OrHex() throws Exception {
        String topic = "application/3/device/24e124136b316071/rx";
        String protobufJson = """
                {"applicationID":"3","applicationName":"library-counters","deviceName":"main-entrance",
                 "devEUI":"JOEkE2sxYHE=","rxInfo":[{"gatewayID":"JOEk//7wwqE=","time":"2026-11-23T09:00:00.5Z",
                 "rssi":-97,"loRaSNR":6.2,"location":{"latitude":56.0465,"longitude":12.6945}}],
                 "txInfo":{"frequency":868100000,"modulation":"LORA"},"adr":true,"dr":5,"fCnt":77,"fPort":85,
                 "data":"BcwFAAcA","objectJSON":"{\\"line_1_period_in\\":5}","tags":{},"confirmedUplink":false,"devAddr":"AfsqOw=="}""";
        ChirpStackV3Envelope cs = new ChirpStackV3Envelope();
        Uplink u = cs.parse(topic, protobufJson.getBytes(StandardCharsets.UTF_8), OURS);
        assertThat(u.deviceId()).isEqualTo("24e124136b316071");
        assertThat(u.fCnt()).isEqualTo(77);
        assertThat(u.receivedAt()).isEqualTo(Instant.parse("2026-11-23T09:00:00.5Z"));
        assertThat(u.snrDb()).isEqualTo(6.2);

        String legacyJson = "{\"devEUI\":\"24e124136b316071\",\"fCnt\":78,\"fPort\":85,\"data\":\"BcwFAAcA\",\"rxInfo\":[{\"rssi\":-90}]}";
        Uplink legacy = cs.parse(topic, legacyJson.getBytes(StandardCharsets.UTF_8), OURS);
        assertThat(legacy.deviceId()).isEqualTo("24e124136b316071");
        assertThat(legacy.receivedAt()).as("no gateway clock: our time").isEqualTo(OURS);
    }

    @Test
    void whatTheEncodersWriteIsReadBackAsTheSameUplink() throws Exception {
        Uplink sent = new Uplink("chirpstack-v4", null, "24e124136b316071", 85, 4242, Instant.parse("2026-11-23T09:00:00Z"),
                new byte[] {0x05, (byte) 0xCC, 0x03, 0x00, 0x01, 0x00}, -91.0, 7.5);
        ChirpStackV4Envelope v4 = new ChirpStackV4Envelope();
        String t4 = ChirpStackV4Envelope.topic("0b9c2c2e-1a43-4bc1-a6b1-3b1d2f0e5a10", "24E124136B316071");
        assertThat(v4.matches(t4)).isTrue();
        Uplink back4 = v4.parse(t4, v4.encode(sent, "0b9c2c2e-1a43-4bc1-a6b1-3b1d2f0e5a10", "door"), OURS);
        assertThat(back4).usingRecursiveComparison().ignoringFields("topic").isEqualTo(sent);

        Uplink sent3 = new Uplink("chirpstack-v3", null, sent.deviceId(), 1, 0, sent.receivedAt(), sent.payload(), -91.0, 7.5);
        ChirpStackV3Envelope v3 = new ChirpStackV3Envelope();
        String t3 = ChirpStackV3Envelope.topic("7", sent.deviceId());
        assertThat(v3.matches(t3)).isTrue();
        Uplink back3 = v3.parse(t3, v3.encode(sent3, "7", "door"), OURS);
        assertThat(back3).usingRecursiveComparison().ignoringFields("topic").isEqualTo(sent3);
        assertThat(back3.receivedAt()).as("the gateway's clock, not ours").isNotEqualTo(OURS);
    }

    @Test
    void eachEnvelopeHasItsOwnTopics() {
        assertThat(Envelopes.forTopic("v3/app@ttn/devices/d/up")).get().extracting(Envelope::name).isEqualTo("ttn-v3");
        assertThat(Envelopes.forTopic("application/a/device/24e124136b316071/event/up")).get()
                .extracting(Envelope::name).isEqualTo("chirpstack-v4");
        assertThat(Envelopes.forTopic("application/1/device/24e124136b316071/rx")).get()
                .extracting(Envelope::name).isEqualTo("chirpstack-v3");
        assertThat(Envelopes.forTopic("footfall/v1/stadsbiblioteket/door-1/up")).get()
                .extracting(Envelope::name).isEqualTo("footfall-json");
        assertThat(Envelopes.forTopic("application/1/device/24e124136b316071/event/join")).isEmpty();
    }
}
