package se.helsingborg.footfall.ingest.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.PresenceToken;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Footfall's own JSON (DESIGN §7): {@code "type": "line"} with {@code in}, {@code out} and
 * {@code period_s} (a period ending at {@code time}) or {@code total_in} and {@code total_out}
 * (running totals); {@code "type": "area"} with {@code count}; {@code "type": "environment"} with
 * {@code co2_ppm}, {@code temperature_c} and {@code humidity_pct}; {@code "type": "presence"} with
 * {@code ids}, the identifiers a presence sensor saw in its zone, which become tokens here. The
 * fields are the message's own, except that a presence message's ids are replaced by their tokens.
 */
public final class FootfallJsonCodec implements DeviceCodec {
    public static final String MODEL = "footfall-json";
    /** More phones than any one sniffer sees in a room; a larger list is a broken sender. */
    static final int MAX_IDS = 5_000;
    static final int MAX_ID_LENGTH = 128;
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @Override
    public String model() {
        return MODEL;
    }

    /** JSON messages have no LoRaWAN port. */
    @Override
    public int fPort() {
        return 0;
    }

    @Override
    public Decoded decode(byte[] payload, UplinkContext ctx) throws CodecException {
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException e) {
            throw new CodecException("malformed JSON");
        }
        if (root == null || !root.isObject()) {
            throw new CodecException("a Footfall JSON message is a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = JSON.convertValue(root, LinkedHashMap.class);
        String type = root.path("type").asText("");
        String device = ctx.device().id();
        if (type.equals("presence")) {
            return presence(root, fields, ctx);
        }
        Reading reading = switch (type) {
            case "line" -> Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), line(root, ctx));
            case "area" -> {
                if (ctx.device().zone() == null) {
                    throw new CodecException("device " + device + " sends area counts but the site file gives it no zone");
                }
                yield Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                        new AreaCount(ctx.device().zone(), (int) count(root, "count", 100_000)));
            }
            case "environment" -> Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), new Environment(
                    measure(root, "co2_ppm", 0, 40_000), measure(root, "temperature_c", -50, 80),
                    measure(root, "humidity_pct", 0, 100)));
            default -> throw new CodecException("unknown type '" + type + "' (line, area, environment or presence)");
        };
        return new Decoded(fields, List.of(reading));
    }

    /**
     * A presence sensor's sightings: {@code "ids"} lists the identifiers it saw in its zone. Each
     * becomes a token here and the identifiers are dropped: the fields show {@code "tokens"}
     * instead, and no reason for refusing a message ever quotes one.
     */
    private static Decoded presence(JsonNode root, Map<String, Object> fields, UplinkContext ctx) throws CodecException {
        String device = ctx.device().id();
        if (ctx.device().zone() == null) {
            throw new CodecException("device " + device + " sends presence but the site file gives it no zone");
        }
        JsonNode ids = root.get("ids");
        if (ids == null || !ids.isArray()) {
            throw new CodecException("a presence message lists what it saw in ids, an array");
        }
        if (ids.size() > MAX_IDS) {
            throw new CodecException("impossible ids: " + ids.size() + " identifiers in one message (at most " + MAX_IDS + ")");
        }
        Set<String> tokens = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            JsonNode id = ids.get(i);
            if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_ID_LENGTH) {
                throw new CodecException("impossible ids[" + i + "]: not an identifier (a non-empty string of at most "
                        + MAX_ID_LENGTH + " characters)");
            }
            tokens.add(ctx.tokens().token(id.asText(), ctx.time()));
        }
        fields.remove("ids");
        fields.put("tokens", List.copyOf(tokens));
        List<Reading> readings = new ArrayList<>();
        for (String token : tokens) {
            readings.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), new PresenceToken(ctx.device().zone(), token)));
        }
        return new Decoded(fields, readings);
    }

    private static LineCrossings line(JsonNode root, UplinkContext ctx) throws CodecException {
        String gate = ctx.device().gateOfLine(1);
        if (gate == null) {
            throw new CodecException("device " + ctx.device().id() + " sends line counts but the site file gives it no gate");
        }
        if (root.has("total_in") || root.has("total_out")) {
            return LineCrossings.cumulative(gate, 1, count(root, "total_in", Long.MAX_VALUE), count(root, "total_out", Long.MAX_VALUE));
        }
        long period = count(root, "period_s", 86_400);
        if (period == 0) {
            throw new CodecException("period_s must be positive");
        }
        return LineCrossings.period(gate, 1, count(root, "in", 1_000_000), count(root, "out", 1_000_000), (int) period);
    }

    /** A required whole number within [0, max]; anything else is an impossible value. */
    private static long count(JsonNode root, String field, long max) throws CodecException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            throw new CodecException("no " + field);
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > max) {
            throw new CodecException("impossible " + field + ": " + v);
        }
        return v.asLong();
    }

    private static Double measure(JsonNode root, String field, double min, double max) throws CodecException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw new CodecException("impossible " + field + ": " + v);
        }
        return v.asDouble();
    }

    @Override
    public byte[] encode(Map<String, Object> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("fields cannot be written as JSON", e);
        }
    }
}
