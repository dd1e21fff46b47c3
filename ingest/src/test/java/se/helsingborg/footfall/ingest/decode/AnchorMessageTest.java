package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.reading.Anchor;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/** Manual recounts on {@code footfall/v1/{site}/anchor}. */
class AnchorMessageTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final Instant OURS = Instant.parse("2026-11-23T10:15:02Z");
    private final MessageDecoder decoder = new MessageDecoder(SITE);

    private DecodedMessage decode(String site, String json) throws MessageRejectedException {
        return decoder.decode(new RawMessage("footfall/v1/" + site + "/anchor", json.getBytes(StandardCharsets.UTF_8), OURS));
    }

    private void assertRejected(String site, String json, RejectReason reason, String text) {
        assertThatThrownBy(() -> decode(site, json)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining(text).satisfies(e -> assertThat(((MessageRejectedException) e).reason()).isEqualTo(reason));
    }

    @Test
    void aRecountBecomesAnAnchorReadingAtItsTime() throws Exception {
        DecodedMessage m = decode("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": 212, \"time\": \"2026-11-23T11:14:00+01:00\"}");
        Reading r = m.readings().get(0);
        assertThat(r.anchor()).isEqualTo(new Anchor("lib", 212));
        assertThat(r.eventTime()).isEqualTo(Instant.parse("2026-11-23T10:14:00Z"));
        assertThat(r.receivedTime()).isEqualTo(OURS);
        assertThat(r.kind()).isEqualTo("anchor");
        assertThat(r.fromDevice()).isFalse();
        assertThat(DecodeOutput.decoded(m)).contains("\"type\":\"anchor\"", "\"count\":212");
    }

    @Test
    void withoutATimeTheRecountIsAsOfItsReceptionAndTheSameMessageTwiceIsOneRecount() throws Exception {
        String json = "{\"zone\": \"lib\", \"count\": 40}";
        Reading r = decode("stadsbiblioteket", json).readings().get(0);
        assertThat(r.eventTime()).isEqualTo(OURS);
        assertThat(r.identity()).isEqualTo(decode("stadsbiblioteket", json).readings().get(0).identity());
        assertThat(AnchorMessage.decode(SITE, Topics.anchor("stadsbiblioteket"), AnchorMessage.payload("lib", 40, null), OURS))
                .isEqualTo(r);
    }

    @Test
    void theJobSubscribesToEachSitesRecounts() {
        assertThat(Topics.forSite(SITE)).contains("footfall/v1/stadsbiblioteket/anchor", "footfall/v1/stadsparken/anchor");
    }

    @Test
    void badRecountsAreRejectedWithTheirReason() {
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": 2", RejectReason.BAD_ANCHOR, "malformed JSON");
        assertRejected("stadsbiblioteket", "[1, 2]", RejectReason.BAD_ANCHOR, "JSON object");
        assertRejected("stadsbiblioteket", "{\"count\": 2}", RejectReason.BAD_ANCHOR, "no zone");
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": -3}", RejectReason.BAD_ANCHOR, "negative");
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": \"many\"}", RejectReason.BAD_ANCHOR, "whole number");
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": 2.5}", RejectReason.BAD_ANCHOR, "whole number");
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": 2, \"time\": \"noon\"}", RejectReason.BAD_ANCHOR, "ISO-8601");
        assertRejected("stadsbiblioteket", "{\"zone\": \"attic\", \"count\": 2}", RejectReason.UNKNOWN_ZONE, "unknown zone attic");
        assertRejected("stadsparken", "{\"zone\": \"lib\", \"count\": 2}", RejectReason.UNKNOWN_ZONE, "belongs to site stadsbiblioteket");
        assertRejected("stadsbiblioteket", "{\"zone\": \"lib\", \"count\": 2, \"time\": \"2026-11-25T10:00:00Z\"}",
                RejectReason.FUTURE_TIME, "ahead");
    }
}
