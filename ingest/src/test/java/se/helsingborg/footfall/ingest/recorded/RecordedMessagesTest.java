package se.helsingborg.footfall.ingest.recorded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.source.RawMessage;

class RecordedMessagesTest {
    private final Instant t = Instant.parse("2026-11-23T09:00:00.250Z");

    @Test
    void aJsonPayloadIsRecordedAsJsonAndReadBackWithTheSameMeaning() throws Exception {
        RawMessage m = new RawMessage("footfall/v1/lib/door-1/up", "{\"in\": 3,  \"out\": 1}".getBytes(StandardCharsets.UTF_8), t);
        String line = RecordedMessages.format(m);
        assertThat(line).isEqualTo("{\"topic\":\"footfall/v1/lib/door-1/up\",\"received_at\":\"2026-11-23T09:00:00.250Z\","
                + "\"payload\":{\"in\":3,\"out\":1}}");
        RawMessage back = RecordedMessages.parse(line);
        assertThat(back.topic()).isEqualTo(m.topic());
        assertThat(back.receivedAt()).isEqualTo(t);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(back.payload())).isEqualTo(json.readTree(m.payload()));
    }

    @Test
    void aBinaryOrBrokenPayloadIsRecordedInBase64ByteForByte() throws Exception {
        for (byte[] payload : new byte[][] {{0, 1, 2, (byte) 0xFF}, "{\"unterminated\": ".getBytes(), "{} {}".getBytes()}) {
            String line = RecordedMessages.format(new RawMessage("v3/a@t/devices/d/up", payload, t));
            assertThat(line).contains("\"base64\"");
            assertThat(RecordedMessages.parse(line).payload()).containsExactly(payload);
        }
    }

    @Test
    void linesThatAreNotRecordedMessagesSayWhy() {
        assertThatThrownBy(() -> RecordedMessages.parse("hello")).hasMessageContaining("not a JSON line");
        assertThatThrownBy(() -> RecordedMessages.parse("{\"received_at\":\"2026-11-23T09:00:00Z\",\"payload\":{}}"))
                .hasMessageContaining("without a topic");
        assertThatThrownBy(() -> RecordedMessages.parse("{\"topic\":\"a\",\"received_at\":\"soon\",\"payload\":{}}"))
                .hasMessageContaining("received_at 'soon'");
        assertThatThrownBy(() -> RecordedMessages.parse("{\"topic\":\"a\",\"received_at\":\"2026-11-23T09:00:00Z\"}"))
                .hasMessageContaining("without a payload");
        assertThatThrownBy(() -> RecordedMessages.parse("{\"topic\":\"a\",\"received_at\":\"2026-11-23T09:00:00Z\",\"payload\":{\"base64\":\"%%\"}}"))
                .hasMessageContaining("not base64");
    }
}
