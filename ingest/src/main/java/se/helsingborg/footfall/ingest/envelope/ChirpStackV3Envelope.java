package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * ChirpStack v3 (Application Server) uplink events in JSON on
 * {@code application/{application id}/device/{DevEUI}/rx}. Its {@code json} marshaler writes the
 * DevEUI in base64, the older {@code json_v3} one in hex: both are read. The time is the first
 * gateway's {@code rxInfo[].time} when the gateway has a clock, else the time Footfall received it.
 * {@code objectJSON} (a string) is not used: Footfall decodes the bytes.
 */
public final class ChirpStackV3Envelope extends TopicEnvelope {
    public static final String NAME = "chirpstack-v3";

    public ChirpStackV3Envelope() {
        super(NAME, "ChirpStack v3", "application/+/device/+/rx", "application/([^/]+)/device/([0-9a-fA-F]{16})/rx");
    }

    @Override
    public Uplink parse(String topic, byte[] message, Instant ourTime) throws EnvelopeException {
        Matcher m = topicParts(topic);
        JsonNode root = JsonEnvelopes.object(message, "ChirpStack v3 uplink event");
        String devEui = hexEui(root.path("devEUI").asText(m.group(2)));
        if (!devEui.equalsIgnoreCase(m.group(2))) {
            throw new EnvelopeException("devEUI " + devEui + " differs from the topic's " + m.group(2));
        }
        byte[] payload = JsonEnvelopes.base64(root, "data");
        JsonNode rx = root.path("rxInfo").path(0);
        Instant time = rx.hasNonNull("time") ? JsonEnvelopes.time(rx.get("time").asText(), "rxInfo[0].time") : ourTime;
        return new Uplink(NAME, topic, devEui.toLowerCase(Locale.ROOT), root.path("fPort").asInt(0),
                root.path("fCnt").asLong(0), time, payload, JsonEnvelopes.number(rx, "rssi"), JsonEnvelopes.number(rx, "loRaSNR"));
    }

    /** The topic ChirpStack v3 publishes this device's uplink events on. */
    public static String topic(String applicationId, String devEui) {
        return "application/" + applicationId + "/device/" + devEui.toLowerCase(Locale.ROOT) + "/rx";
    }

    /**
     * Writes an uplink event as ChirpStack v3's {@code json} marshaler does (for the simulators):
     * the DevEUI in base64, the payload in base64, and one gateway with a clock in {@code rxInfo}.
     */
    public byte[] encode(Uplink uplink, String applicationId, String deviceName) {
        ObjectNode root = JsonEnvelopes.JSON.createObjectNode();
        root.put("applicationID", applicationId);
        root.put("applicationName", "footfall");
        root.put("deviceName", deviceName);
        root.put("devEUI", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(uplink.deviceId())));
        ObjectNode gw = root.putArray("rxInfo").addObject();
        gw.put("gatewayID", Base64.getEncoder().encodeToString(HexFormat.of().parseHex("0016c001f0000001")));
        gw.put("time", uplink.receivedAt().toString());
        if (uplink.rssiDbm() != null) {
            gw.put("rssi", uplink.rssiDbm().intValue());
        }
        if (uplink.snrDb() != null) {
            gw.put("loRaSNR", uplink.snrDb());
        }
        root.putObject("txInfo").put("frequency", 868100000).put("dr", 5);
        root.put("adr", true);
        root.put("fCnt", uplink.fCnt());
        root.put("fPort", uplink.fPort());
        root.put("data", Base64.getEncoder().encodeToString(uplink.payload()));
        try {
            return JsonEnvelopes.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DevEUI as 16 hex digits, whether it came in hex or in base64. */
    private static String hexEui(String text) throws EnvelopeException {
        if (text.matches("[0-9a-fA-F]{16}")) {
            return text;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            if (bytes.length == 8) {
                return HexFormat.of().formatHex(bytes);
            }
        } catch (IllegalArgumentException notBase64) {
            // reported below
        }
        throw new EnvelopeException("devEUI '" + text + "' is neither 16 hex digits nor 8 bytes in base64");
    }
}
