package se.helsingborg.footfall.ingest.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * ChirpStack v4 uplink events, as its MQTT integration publishes them in JSON on
 * {@code application/{application id}/device/{DevEUI}/event/up}: camelCase fields
 * ({@code deviceInfo.devEui}, {@code fCnt}, {@code fPort}, {@code data} in base64, {@code time}).
 * Fields at their default value may be left out, so a missing {@code fCnt} is frame 0. The
 * {@code object} the network server's own codec may add is not used: Footfall decodes the bytes.
 */
public final class ChirpStackV4Envelope extends TopicEnvelope {
    public static final String NAME = "chirpstack-v4";

    public ChirpStackV4Envelope() {
        super(NAME, "ChirpStack v4", "application/+/device/+/event/up", "application/([^/]+)/device/([0-9a-fA-F]{16})/event/up");
    }

    @Override
    public Uplink parse(String topic, byte[] message, Instant ourTime) throws EnvelopeException {
        Matcher m = topicParts(topic);
        JsonNode root = JsonEnvelopes.object(message, "ChirpStack v4 uplink event");
        String devEui = root.path("deviceInfo").path("devEui").asText(m.group(2));
        if (!devEui.equalsIgnoreCase(m.group(2))) {
            throw new EnvelopeException("deviceInfo.devEui " + devEui + " differs from the topic's " + m.group(2));
        }
        byte[] payload = JsonEnvelopes.base64(root, "data");
        Instant time = root.hasNonNull("time") ? JsonEnvelopes.time(root.get("time").asText(), "time") : ourTime;
        JsonNode rx = root.path("rxInfo").path(0);
        return new Uplink(NAME, topic, devEui.toLowerCase(Locale.ROOT), root.path("fPort").asInt(0),
                root.path("fCnt").asLong(0), time, payload, JsonEnvelopes.number(rx, "rssi"), JsonEnvelopes.number(rx, "snr"));
    }

    /** The topic ChirpStack v4 publishes this device's uplink events on. */
    public static String topic(String applicationId, String devEui) {
        return "application/" + applicationId + "/device/" + devEui.toLowerCase(Locale.ROOT) + "/event/up";
    }

    /**
     * Writes an uplink event as ChirpStack v4's JSON integration does (for the simulators): the
     * device's ids under {@code deviceInfo}, frame counter and port, the payload in base64, and one
     * gateway's signal in {@code rxInfo}. Like ChirpStack it leaves out a frame counter of 0.
     */
    public byte[] encode(Uplink uplink, String applicationId, String deviceName) {
        ObjectNode root = JsonEnvelopes.JSON.createObjectNode();
        // ChirpStack names each deduplicated uplink by a UUID; one made from the frame keeps reruns identical.
        root.put("deduplicationId", UUID.nameUUIDFromBytes(
                (uplink.deviceId() + "/" + uplink.fCnt() + "/" + uplink.receivedAt()).getBytes(StandardCharsets.UTF_8)).toString());
        root.put("time", uplink.receivedAt().toString());
        ObjectNode info = root.putObject("deviceInfo");
        info.put("applicationId", applicationId);
        info.put("deviceName", deviceName);
        info.put("devEui", uplink.deviceId().toLowerCase(Locale.ROOT));
        root.put("dr", 5);
        if (uplink.fCnt() != 0) {
            root.put("fCnt", uplink.fCnt());
        }
        root.put("fPort", uplink.fPort());
        root.put("confirmed", false);
        root.put("data", Base64.getEncoder().encodeToString(uplink.payload()));
        ObjectNode gw = root.putArray("rxInfo").addObject();
        gw.put("gatewayId", "0016c001f0000001");
        if (uplink.rssiDbm() != null) {
            gw.put("rssi", uplink.rssiDbm().intValue());
        }
        if (uplink.snrDb() != null) {
            gw.put("snr", uplink.snrDb());
        }
        try {
            return JsonEnvelopes.JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
