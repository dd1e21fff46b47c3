package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;

/**
 * Footfall's own JSON (DESIGN §7), for IP people counters and scripts, on
 * {@code footfall/v1/{site}/{device}/up}. The message is its own payload (the
 * {@code footfall-json} codec reads the counts); this envelope takes the device, the time and the
 * message id. A message without an {@code id} is identified by its time, so a repeat of the same
 * message is still recognised as one.
 */
public final class FootfallJsonEnvelope extends TopicEnvelope {
    public static final String NAME = "footfall-json";

    public FootfallJsonEnvelope() {
        super(NAME, "Footfall JSON", "footfall/v1/+/+/up", "footfall/v1/([^/]+)/([^/]+)/up");
    }

    @Override
    public Uplink parse(String topic, byte[] message, Instant ourTime) throws EnvelopeException {
        Matcher m = topicParts(topic);
        JsonNode root = JsonEnvelopes.object(message, "Footfall JSON message");
        String device = root.path("device").asText(m.group(2));
        if (!device.equals(m.group(2))) {
            throw new EnvelopeException("device " + device + " differs from the topic's " + m.group(2));
        }
        if (!root.hasNonNull("time")) {
            throw new EnvelopeException("no time (when the counts were taken, ISO-8601)");
        }
        Instant time = JsonEnvelopes.time(root.get("time").asText(), "time");
        JsonNode id = root.get("id");
        long messageId;
        if (id == null || id.isNull()) {
            messageId = time.toEpochMilli();
        } else if (id.canConvertToLong() && id.asLong() >= 0) {
            messageId = id.asLong();
        } else {
            // a text id: a stable number for it (the same text always gives the same number)
            messageId = java.util.UUID.nameUUIDFromBytes(id.asText().getBytes(StandardCharsets.UTF_8))
                    .getMostSignificantBits() & Long.MAX_VALUE;
        }
        return new Uplink(NAME, topic, device, 0, messageId, time, message, null, null);
    }

    /** The time is the sender's; no network server stands between it and Footfall. */
    @Override
    public boolean stampsReception() {
        return false;
    }
}
