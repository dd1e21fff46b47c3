package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Things Stack v3 uplink messages, as its MQTT server publishes them on
 * {@code v3/{application}@{tenant}/devices/{device}/up}.
 *
 * <p>The Things Stack leaves out fields whose value is empty, zero or false, so a missing
 * {@code f_cnt} is frame 0, not an error. The device is identified by its DevEUI
 * ({@code end_device_ids.dev_eui}), which is what site files name; the stack's own device id is a
 * free-form label. Note that The Things Stack publishes at QoS 0 only.
 */
public final class TtnV3Envelope {
    public static final String NAME = "ttn-v3";
    private static final Pattern TOPIC = Pattern.compile("v3/([^/]+)/devices/([^/]+)/up");

    private final ObjectMapper json = new ObjectMapper();

    /** Whether this topic is a TTS v3 uplink topic. */
    public static boolean matches(String topic) {
        return TOPIC.matcher(topic).matches();
    }

    public Uplink parse(String topic, byte[] message) throws EnvelopeException {
        Matcher m = TOPIC.matcher(topic);
        if (!m.matches()) {
            throw new EnvelopeException("topic " + topic + " is not a The Things Stack v3 uplink topic");
        }
        JsonNode root;
        try {
            root = json.readTree(message);
        } catch (IOException e) {
            throw new EnvelopeException("malformed JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new EnvelopeException("a TTS v3 uplink is a JSON object");
        }
        JsonNode up = root.get("uplink_message");
        if (up == null || !up.isObject()) {
            throw new EnvelopeException("no uplink_message in a TTS v3 up message");
        }
        JsonNode ids = root.path("end_device_ids");
        String devEui = ids.path("dev_eui").asText("");
        String device = devEui.isEmpty() ? ids.path("device_id").asText(m.group(2)) : devEui;
        String payloadText = up.path("frm_payload").asText("");
        if (payloadText.isEmpty()) {
            throw new EnvelopeException("uplink without frm_payload (a MAC-only frame carries no counts)");
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(payloadText);
        } catch (IllegalArgumentException e) {
            throw new EnvelopeException("frm_payload is not base64");
        }
        String receivedText = up.path("received_at").asText(root.path("received_at").asText(""));
        Instant received;
        try {
            received = Instant.parse(receivedText);
        } catch (DateTimeParseException e) {
            throw new EnvelopeException("received_at '" + receivedText + "' is not an ISO-8601 time");
        }
        JsonNode rx = up.path("rx_metadata").path(0);
        return new Uplink(
                NAME,
                topic,
                device.toLowerCase(Locale.ROOT),
                up.path("f_port").asInt(0),
                up.path("f_cnt").asLong(0),
                received,
                payload,
                rx.has("rssi") ? rx.get("rssi").asDouble() : null,
                rx.has("snr") ? rx.get("snr").asDouble() : null);
    }

    /** The topic TTS would publish this device's uplinks on. */
    public static String topic(String applicationId, String tenantId, String deviceId) {
        return "v3/" + applicationId + "@" + tenantId + "/devices/" + deviceId + "/up";
    }

    /** Writes an uplink as TTS v3 would, leaving out zero fields as it does (for the simulators). */
    public byte[] encode(Uplink uplink, String applicationId, String ttsDeviceId) {
        ObjectNode root = json.createObjectNode();
        ObjectNode ids = root.putObject("end_device_ids");
        ids.put("device_id", ttsDeviceId);
        ids.putObject("application_ids").put("application_id", applicationId);
        ids.put("dev_eui", uplink.deviceId().toUpperCase(Locale.ROOT));
        root.put("received_at", uplink.receivedAt().toString());
        ObjectNode up = root.putObject("uplink_message");
        if (uplink.fPort() != 0) {
            up.put("f_port", uplink.fPort());
        }
        if (uplink.fCnt() != 0) {
            up.put("f_cnt", uplink.fCnt());
        }
        up.put("frm_payload", Base64.getEncoder().encodeToString(uplink.payload()));
        ArrayNode rx = up.putArray("rx_metadata");
        ObjectNode gw = rx.addObject();
        gw.putObject("gateway_ids").put("gateway_id", "footfall-sim-gw");
        if (uplink.rssiDbm() != null) {
            gw.put("rssi", uplink.rssiDbm());
        }
        if (uplink.snrDb() != null) {
            gw.put("snr", uplink.snrDb());
        }
        up.put("received_at", uplink.receivedAt().toString());
        try {
            return json.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
