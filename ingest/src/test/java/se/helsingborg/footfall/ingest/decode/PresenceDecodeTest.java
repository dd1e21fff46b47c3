package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.presence.PresenceTokens;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/** A presence sensor's sightings in Footfall JSON: tokens out, the phones' identifiers nowhere. */
class PresenceDecodeTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}]
            gates: [{id: front, from: outside, to: hall}]
            devices:
              - {id: wifi-1, model: footfall-json, zone: hall, reporting_interval_s: 60}
              - {id: door-1, model: footfall-json, gate: front}
            """);
    private static final String MAC_1 = "a4:5e:60:d1:22:0f";
    private static final String MAC_2 = "3c:22:fb:10:9a:71";
    private final PresenceTokens tokens = new PresenceTokens("the test's secret, 32 bytes long".getBytes(StandardCharsets.UTF_8),
            SITE.timezone());
    private final MessageDecoder decoder = new MessageDecoder(SITE, MessageDecoder.DEFAULT_FUTURE_TOLERANCE, tokens);

    private DecodedMessage decode(String device, String json) throws MessageRejectedException {
        return decoder.decode(new RawMessage("footfall/v1/lib/" + device + "/up", json.getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-11-23T10:00:02Z")));
    }

    private static String sighting(String time, String... ids) {
        return "{\"device\": \"wifi-1\", \"time\": \"" + time + "\", \"type\": \"presence\", \"ids\": [\""
                + String.join("\", \"", ids) + "\"]}";
    }

    @Test
    void everyIdSeenBecomesOneReadingWithItsTokenAndTheDecodeOutputShowsTokensOnly() throws Exception {
        DecodedMessage m = decode("wifi-1", sighting("2026-11-23T10:00:00Z", MAC_1, MAC_2, MAC_1.toUpperCase()));
        assertThat(m.readings()).as("a phone listed twice is one sighting").hasSize(2);
        Reading first = m.readings().get(0);
        assertThat(first.kind()).isEqualTo("presence");
        assertThat(first.presence().zoneId()).isEqualTo("hall");
        assertThat(first.presence().token()).isEqualTo(tokens.token(MAC_1, Instant.parse("2026-11-23T10:00:00Z")));
        assertThat(first.part()).isEqualTo("presence-" + first.presence().token());
        assertThat(m.readings().get(1).identity()).isNotEqualTo(first.identity());
        assertThat(m.fields()).doesNotContainKey("ids").containsKey("tokens");

        String output = DecodeOutput.decoded(m);
        assertThat(output).contains("\"type\":\"presence\"", "\"token\":\"" + first.presence().token() + "\"")
                .doesNotContainIgnoringCase(MAC_1).doesNotContain(MAC_2).doesNotContain("a4:5e");
        assertThat(m.readings().toString()).doesNotContainIgnoringCase(MAC_1).doesNotContain(MAC_2);
    }

    @Test
    void theSamePhoneOnTheNextDayHasAnotherToken() throws Exception {
        String today = decode("wifi-1", sighting("2026-11-23T10:00:00Z", MAC_1)).readings().get(0).presence().token();
        String later = decode("wifi-1", sighting("2026-11-23T18:00:00Z", MAC_1)).readings().get(0).presence().token();
        String tomorrow = decoder.decode(new RawMessage("footfall/v1/lib/wifi-1/up",
                sighting("2026-11-24T10:00:00Z", MAC_1).getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-24T10:00:02Z")))
                .readings().get(0).presence().token();
        assertThat(later).isEqualTo(today);
        assertThat(tomorrow).isNotEqualTo(today);
    }

    @Test
    void aBadPresenceMessageIsRejectedWithAReasonThatQuotesNoId() {
        assertThatThrownBy(() -> decode("wifi-1", "{\"device\": \"wifi-1\", \"time\": \"2026-11-23T10:00:00Z\", \"type\": \"presence\","
                + " \"ids\": [\"" + MAC_1 + "\", 17]}"))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("ids[1]").hasMessageNotContaining(MAC_1);
        assertThatThrownBy(() -> decode("wifi-1", "{\"device\": \"wifi-1\", \"time\": \"2026-11-23T10:00:00Z\", \"type\": \"presence\","
                + " \"ids\": \"" + MAC_1 + "\"}"))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("array").hasMessageNotContaining(MAC_1);
        assertThatThrownBy(() -> decode("door-1", "{\"device\": \"door-1\", \"time\": \"2026-11-23T10:00:00Z\", \"type\": \"presence\","
                + " \"ids\": [\"" + MAC_1 + "\"]}"))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("no zone").hasMessageNotContaining(MAC_1);
    }

    @Test
    void aSightingIsStillSubjectToTheFutureTimeRule() {
        MessageDecoder strict = new MessageDecoder(SITE, Duration.ofMinutes(1), tokens);
        assertThatThrownBy(() -> strict.decode(new RawMessage("footfall/v1/lib/wifi-1/up",
                sighting("2026-11-23T12:00:00Z", MAC_1).getBytes(StandardCharsets.UTF_8), Instant.parse("2026-11-23T10:00:00Z"))))
                .isInstanceOf(MessageRejectedException.class).hasMessageNotContaining(MAC_1);
    }
}
