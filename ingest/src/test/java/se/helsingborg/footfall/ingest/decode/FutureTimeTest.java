package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.codec.MilesightVs133Codec;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * Times far ahead of a message's reception are rejected; reception is the network server's time
 * or, for Footfall's own JSON, Footfall's, so messages that all run ahead of the wall clock pass.
 */
class FutureTimeTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}]
            gates: [{id: front, from: outside, to: hall}]
            devices:
              - {id: door-1, model: footfall-json, gate: front}
              - {id: 24e124713d172871, model: milesight-vs350, envelope: ttn-v3, gate: front, reporting_interval_s: 600}
              - {id: 24e124136b316071, model: milesight-vs133, envelope: ttn-v3, lines: {1: front}}
            """);
    private static final Instant RECEIVED = Instant.parse("2026-11-23T09:00:00Z");
    private final MessageDecoder decoder = new MessageDecoder(SITE);

    private static RawMessage json(String time, Instant ours) {
        String body = "{\"device\": \"door-1\", \"time\": \"" + time + "\", \"type\": \"line\", \"in\": 3, \"out\": 1, \"period_s\": 300}";
        return new RawMessage("footfall/v1/lib/door-1/up", body.getBytes(StandardCharsets.UTF_8), ours);
    }

    private static RawMessage ttn(String devEui, int port, byte[] payload, Instant networkReceived, Instant ours) {
        byte[] json = new TtnV3Envelope().encode(new Uplink("ttn-v3", null, devEui, port, 7, networkReceived, payload, null, null),
                "app", "eui-" + devEui);
        return new RawMessage(TtnV3Envelope.topic("app", "ttn", "eui-" + devEui), json, ours);
    }

    /**
     * A VS350 historical record (channel 0x20, type 0xCE) as in the vendor's example
     * {@code 20CE7B3AF164000B000400}: its own time, 0 for a period-only record, the period's in and out.
     */
    private static byte[] vs350History(Instant time, int in, int out) {
        return ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) 0x20).put((byte) 0xCE).putInt((int) time.getEpochSecond()).put((byte) 0)
                .putShort((short) in).putShort((short) out)
                .array();
    }

    @Test
    void anIpCounterWhoseClockRunsDaysAheadIsRejectedWithItsOwnReason() {
        assertThatThrownBy(() -> decoder.decode(json("2026-11-25T09:00:00Z", RECEIVED)))
                .isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("time 2026-11-25T09:00:00Z is PT48H ahead of the message's reception at 2026-11-23T09:00:00Z")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.FUTURE_TIME);
        assertThat(RejectReason.FUTURE_TIME.tag()).isEqualTo("future_time");
    }

    @Test
    void aClockSomewhatAheadIsWithinTheTolerance() throws Exception {
        assertThat(decoder.decode(json("2026-11-23T20:00:00Z", RECEIVED)).readings()).hasSize(1);
        assertThat(decoder.decode(json("2026-11-24T09:00:00Z", RECEIVED)).readings()).as("exactly the tolerance").hasSize(1);
        assertThatThrownBy(() -> decoder.decode(json("2026-11-24T09:00:01Z", RECEIVED)))
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.FUTURE_TIME);
    }

    @Test
    void theToleranceCanBeSet() throws Exception {
        MessageDecoder strict = new MessageDecoder(SITE, Duration.ofMinutes(5));
        assertThatThrownBy(() -> strict.decode(json("2026-11-23T09:10:00Z", RECEIVED)))
                .hasMessageContaining("tolerated: PT5M");
        assertThat(strict.decode(json("2026-11-23T09:04:00Z", RECEIVED)).readings()).hasSize(1);
        assertThatThrownBy(() -> new MessageDecoder(SITE, Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aHistoricalRecordFromTheFutureIsRejectedAgainstTheNetworksReceptionTime() throws Exception {
        Instant ours = RECEIVED.plusSeconds(1);
        RawMessage past = ttn("24e124713d172871", 85, vs350History(RECEIVED.minus(Duration.ofHours(3)), 11, 4), RECEIVED, ours);
        assertThat(decoder.decode(past).readings()).hasSize(1);
        RawMessage future = ttn("24e124713d172871", 85, vs350History(RECEIVED.plus(Duration.ofDays(30)), 11, 4), RECEIVED, ours);
        assertThatThrownBy(() -> decoder.decode(future))
                .hasMessageContaining("time 2026-12-23T09:00:00Z is PT720H ahead")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(RejectReason.FUTURE_TIME);
    }

    @Test
    void messagesThatAllRunAheadOfTheWallClockPass() throws Exception {
        // An accelerated simulation: the network server's reception time is a year ahead of when
        // Footfall actually received the message, and the counts are of that time.
        Instant wallClock = Instant.now();
        Instant simulated = wallClock.plus(Duration.ofDays(365));
        byte[] counts = new MilesightVs133Codec().encode(Map.of("line_1_period_in", 4L, "line_1_period_out", 1L));
        DecodedMessage m = decoder.decode(ttn("24e124136b316071", 85, counts, simulated, wallClock));
        assertThat(m.readings()).isNotEmpty().allSatisfy(r -> assertThat(r.eventTime()).isEqualTo(simulated));
        // A recorded IP counter message, received (as recorded) when it was sent, long after today.
        assertThat(decoder.decode(json("2031-05-01T10:00:00Z", Instant.parse("2031-05-01T10:00:02Z"))).readings()).hasSize(1);
    }
}
