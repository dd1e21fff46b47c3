package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * The Things Stack v3 uplink messages, as its MQTT server publishes them on
 * {@code v3/{application}@{tenant}/devices/{device}/up}.
 *
 * <p>The Things Stack leaves out fields whose value is empty, zero or false, so a missing
 * {@code f_cnt} is frame 0, not an error. The device is identified by its DevEUI
 * ({@code end_device_ids.dev_eui}), which is what site files name; the stack's own device id is a
 * free-form label. Note that The Things Stack publishes at QoS 0 only.
 */
public final class TtnV3Envelope extends TopicEnvelope {
    public static final String NAME = "ttn-v3";

    public TtnV3Envelope() {
        super(NAME, "The Things Stack v3", "v3/+/devices/+/up", "v3/([^/]+)/devices/([^/]+)/up");
    }

    private final ObjectMapper json = new ObjectMapper();

    /** Reads an uplink; its time is the stack's {@code received_at}, so {@code ourTime} is not used. */
    @Override
    public Uplink parse(String topic, byte[] message, Instant ourTime) throws EnvelopeException {
        return parse(topic, message);
    }

    public Uplink parse(String topic, byte[] message) throws EnvelopeException {
        Matcher m = topicParts(topic);
        JsonNode root = JsonEnvelopes.object(message, "TTS v3 uplink");
        JsonNode up = root.get("uplink_message");
        if (up == null || !up.isObject()) {
            throw new EnvelopeException("no uplink_message in a TTS v3 up message");
        }
        JsonNode ids = root.path("end_device_ids");
        String devEui = ids.path("dev_eui").asText("");
        String device = devEui.isEmpty() ? ids.path("device_id").asText(m.group(2)) : devEui;
        byte[] payload = JsonEnvelopes.base64(up, "frm_payload");
        Instant received = JsonEnvelopes.time(up.path("received_at").asText(root.path("received_at").asText("")), "received_at");
        JsonNode rx = up.path("rx_metadata").path(0);
        return new Uplink(
                NAME,
                topic,
                device.toLowerCase(Locale.ROOT),
                up.path("f_port").asInt(0),
                up.path("f_cnt").asLong(0),
                received,
                payload,
                JsonEnvelopes.number(rx, "rssi"),
                JsonEnvelopes.number(rx, "snr"));
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
}
