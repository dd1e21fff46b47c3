package se.helsingborg.footfall.ingest.recorded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * The recorded-messages format (DESIGN §7): one JSON object a line,
 * {@code {"topic": "...", "received_at": "ISO-8601", "payload": <JSON payload, or {"base64": "..."}>}}.
 * What {@code decode} reads, {@code simulate --record} writes and {@code replay} reads.
 */
public final class RecordedMessages {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RecordedMessages() {}

    /** One line back into the message it records. */
    public static RawMessage parse(String line) throws RecordedMessageException {
        JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (IOException e) {
            throw new RecordedMessageException("not a JSON line: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new RecordedMessageException("a recorded message is a JSON object");
        }
        JsonNode topic = root.get("topic");
        if (topic == null || !topic.isTextual() || topic.asText().isEmpty()) {
            throw new RecordedMessageException("recorded message without a topic");
        }
        Instant received;
        try {
            received = Instant.parse(root.path("received_at").asText(""));
        } catch (DateTimeParseException e) {
            throw new RecordedMessageException("received_at '" + root.path("received_at").asText("") + "' is not an ISO-8601 time");
        }
        JsonNode payload = root.get("payload");
        if (payload == null) {
            throw new RecordedMessageException("recorded message without a payload");
        }
        byte[] bytes;
        if (payload.isObject() && payload.size() == 1 && payload.has("base64")) {
            try {
                bytes = Base64.getDecoder().decode(payload.get("base64").asText());
            } catch (IllegalArgumentException e) {
                throw new RecordedMessageException("payload.base64 is not base64");
            }
        } else {
            try {
                bytes = JSON.writeValueAsBytes(payload);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return new RawMessage(topic.asText(), bytes, received);
    }

    /** The line that records this message: its payload as JSON when it is JSON, else in base64. */
    public static String format(RawMessage message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", message.topic());
        root.put("received_at", message.receivedAt().toString());
        JsonNode payload = asJson(message.payload());
        if (payload != null) {
            root.set("payload", payload);
        } else {
            root.putObject("payload").put("base64", Base64.getEncoder().encodeToString(message.payload()));
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The payload as a JSON value when it is one JSON object or array, else null. Whitespace is not
     * kept; the meaning is, which is all a replay needs.
     */
    private static JsonNode asJson(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }
}
