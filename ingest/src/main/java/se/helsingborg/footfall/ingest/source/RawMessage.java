package se.helsingborg.footfall.ingest.source;

import java.time.Instant;
import java.util.Objects;

/**
 * One MQTT message as it arrived: topic, payload bytes untouched, and when Footfall received it
 * (the fallback time for envelopes that carry none).
 */
public record RawMessage(String topic, byte[] payload, Instant receivedAt) {
    public RawMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
