package se.helsingborg.footfall.ingest.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PresenceRedactionTest {
    private static String redact(String json) {
        return new String(PresenceRedaction.payload(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void theIdsOfAWholeMessageAreReplacedAndTheRestKept() {
        String out = redact("{\"device\": \"wifi-1\", \"ids\": [\"a4:5e:60:d1:22:0f\", \"b]8:27\"], \"type\": \"presence\"}");
        assertThat(out).isEqualTo("{\"device\": \"wifi-1\", \"ids\": [\"redacted\"], \"type\": \"presence\"}");
    }

    @Test
    void aMessageCutShortInsideItsIdsLosesEverythingFromThem() {
        assertThat(redact("{\"type\": \"presence\", \"ids\": [\"a4:5e:60:d1:22:0f\", \"a4:5e"))
                .isEqualTo("{\"type\": \"presence\", \"ids\": [\"redacted\"]").doesNotContain("a4:5e");
        assertThat(redact("{\"ids\": a4:5e:60:d1:22:0f, \"type\": 1}")).isEqualTo("{\"ids\": [\"redacted\"], \"type\": 1}");
    }

    @Test
    void aPayloadWithoutIdsIsLeftAsItIs() {
        byte[] payload = "{\"type\": \"line\", \"in\": 3".getBytes(StandardCharsets.UTF_8);
        assertThat(PresenceRedaction.payload(payload)).isSameAs(payload);
        assertThat(PresenceRedaction.reason("malformed JSON: Unrecognized token 'x'", payload)).contains("'x'");
    }

    @Test
    void aReasonQuotingAPayloadWithIdsLosesTheQuote() {
        byte[] payload = "{\"ids\": [a4:5e:60:d1:22:0f]}".getBytes(StandardCharsets.UTF_8);
        assertThat(PresenceRedaction.reason("bad_envelope: malformed JSON: Unrecognized token 'a4': was expecting", payload))
                .isEqualTo("bad_envelope: malformed JSON: Unrecognized token '…': was expecting");
    }
}
