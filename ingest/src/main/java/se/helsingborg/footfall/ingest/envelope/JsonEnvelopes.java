package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Reading helpers the JSON envelopes share. */
final class JsonEnvelopes {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonEnvelopes() {}

    static JsonNode object(byte[] message, String what) throws EnvelopeException {
        JsonNode root;
        try {
            root = JSON.readTree(message);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw new EnvelopeException("malformed JSON: " + reason);
        }
        if (root == null || !root.isObject()) {
            throw new EnvelopeException("a " + what + " is a JSON object");
        }
        return root;
    }

    static byte[] base64(JsonNode node, String field) throws EnvelopeException {
        String text = node.path(field).asText("");
        if (text.isEmpty()) {
            throw new EnvelopeException("uplink without " + field + " (a MAC-only frame carries no counts)");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException(field + " is not base64");
        }
    }

    static Instant time(String text, String field) throws EnvelopeException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new EnvelopeException(field + " '" + text + "' is not an ISO-8601 time");
        }
    }

    static Double number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
