package se.helsingborg.footfall.ingest.decode;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.helsingborg.footfall.ingest.reading.Anchor;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * A manual recount on {@code footfall/v1/{site}/anchor}: {@code {"zone": "lib", "count": 212,
 * "time": "ISO-8601"}}, the time optional (then the recount is as of its reception). It becomes a
 * {@link Reading} with an {@link Anchor}, so it takes the readings' path through event time and
 * the duplicate filter and reaches the occupancy operator in order with the counts around it.
 */
public final class AnchorMessage {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Pattern TOPIC = Pattern.compile("footfall/v1/([^/+#]+)/anchor");

    private AnchorMessage() {}

    /** The topic recounts of a site arrive on. */
    public static String topic(String siteId) {
        return se.helsingborg.footfall.ingest.envelope.Topics.anchor(siteId);
    }

    public static boolean isAnchorTopic(String topic) {
        return TOPIC.matcher(topic).matches();
    }

    /** The message {@code ./footfall anchor} publishes; {@code time} may be null (as of reception). */
    public static byte[] payload(String zoneId, int count, Instant time) {
        ObjectNode root = JSON.createObjectNode();
        root.put("zone", zoneId);
        root.put("count", count);
        if (time != null) {
            root.put("time", time.toString());
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The recount as a reading from "device" {@code anchor:{site}}. Its id is the recount's time (or
     * the message's {@code id}), so the same message delivered twice is dropped as a duplicate.
     */
    public static Reading decode(SiteModel site, String topic, byte[] payload, Instant receivedAt) throws MessageRejectedException {
        Matcher m = TOPIC.matcher(topic);
        if (!m.matches()) {
            throw new MessageRejectedException(RejectReason.UNKNOWN_TOPIC, "not an anchor topic: " + topic);
        }
        String siteId = m.group(1);
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("");
            throw bad("malformed JSON: " + reason);
        }
        if (root == null || !root.isObject()) {
            throw bad("an anchor is a JSON object {\"zone\": ..., \"count\": ..., \"time\": ...}");
        }
        JsonNode zoneNode = root.get("zone");
        if (zoneNode == null || !zoneNode.isTextual() || zoneNode.asText().isBlank()) {
            throw bad("no zone (the zone id that was recounted)");
        }
        String zoneId = zoneNode.asText();
        JsonNode countNode = root.get("count");
        if (countNode == null || !countNode.isIntegralNumber() || !countNode.canConvertToInt()) {
            throw bad("count must be a whole number of people, not " + (countNode == null ? "missing" : countNode.toString()));
        }
        int count = countNode.asInt();
        if (count < 0) {
            throw bad("count cannot be negative: " + count);
        }
        Instant time = receivedAt;
        JsonNode timeNode = root.get("time");
        if (timeNode != null && !timeNode.isNull()) {
            time = parseTime(timeNode.asText());
        }
        Zone zone = site.zones().stream().filter(z -> z.id().equals(zoneId)).findFirst()
                .orElseThrow(() -> new MessageRejectedException(RejectReason.UNKNOWN_ZONE, "anchor for unknown zone " + zoneId
                        + " (not in the site file)"));
        if (!zone.site().equals(siteId)) {
            throw new MessageRejectedException(RejectReason.UNKNOWN_ZONE, "zone " + zoneId + " belongs to site " + zone.site()
                    + ", not to " + siteId + " of the topic");
        }
        JsonNode id = root.get("id");
        long messageId = id != null && id.canConvertToLong() && id.asLong() >= 0 ? id.asLong() : time.toEpochMilli();
        return Reading.of("anchor:" + siteId, time, receivedAt, messageId, new Anchor(zoneId, count));
    }

    private static Instant parseTime(String text) throws MessageRejectedException {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw bad("time '" + text + "' is not an ISO-8601 time with an offset");
            }
        }
    }

    private static MessageRejectedException bad(String detail) {
        return new MessageRejectedException(RejectReason.BAD_ANCHOR, "anchor: " + detail);
    }
}
