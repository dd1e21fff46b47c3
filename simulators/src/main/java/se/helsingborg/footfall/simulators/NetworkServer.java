package se.helsingborg.footfall.simulators;

import java.util.UUID;
import se.helsingborg.footfall.ingest.envelope.ChirpStackV3Envelope;
import se.helsingborg.footfall.ingest.envelope.ChirpStackV4Envelope;
import se.helsingborg.footfall.ingest.envelope.FootfallJsonEnvelope;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * What stands between a simulated device and the broker, chosen by the device's envelope in the
 * site file: The Things Stack v3, ChirpStack v4 or v3 (LoRaWAN network servers, which wrap the
 * device's bytes in their JSON and publish it on their topics), or nothing at all for Footfall's
 * own JSON, which an IP counter publishes itself as it is.
 */
final class NetworkServer {
    static final String TTN_TENANT = "ttn";
    /** One application for every simulated device; ChirpStack v4 names applications by UUID, v3 by number. */
    static final String CHIRPSTACK_V4_APPLICATION = UUID.nameUUIDFromBytes(DeviceFleet.APPLICATION.getBytes()).toString();
    static final String CHIRPSTACK_V3_APPLICATION = "1";

    private static final TtnV3Envelope TTN = new TtnV3Envelope();
    private static final ChirpStackV4Envelope CHIRPSTACK_V4 = new ChirpStackV4Envelope();
    private static final ChirpStackV3Envelope CHIRPSTACK_V3 = new ChirpStackV3Envelope();

    private final String envelope;
    private final String deviceId;
    private final String topic;

    private NetworkServer(String envelope, String deviceId, String topic) {
        this.envelope = envelope;
        this.deviceId = deviceId;
        this.topic = topic;
    }

    /** The way {@code device}'s uplinks go; {@code siteId} is the site its messages name (Footfall JSON's topic). */
    static NetworkServer of(Device device, String siteId) {
        boolean json = device.model().equals(FootfallJsonEnvelope.NAME);
        if (json != device.envelope().equals(FootfallJsonEnvelope.NAME)) {
            throw new IllegalArgumentException("device " + device.id() + ": " + (json
                    ? "model footfall-json is an IP counter that publishes its own JSON (envelope footfall-json), not "
                            + device.envelope() + " uplinks"
                    : "model " + device.model() + " is a LoRaWAN device; its uplinks come through a network server"
                            + " (ttn-v3, chirpstack-v4 or chirpstack-v3), not envelope footfall-json"));
        }
        return switch (device.envelope()) {
            case TtnV3Envelope.NAME -> new NetworkServer(device.envelope(), device.id(),
                    TtnV3Envelope.topic(DeviceFleet.APPLICATION, TTN_TENANT, ttsId(device.id())));
            case ChirpStackV4Envelope.NAME -> new NetworkServer(device.envelope(), device.id(),
                    ChirpStackV4Envelope.topic(CHIRPSTACK_V4_APPLICATION, device.id()));
            case ChirpStackV3Envelope.NAME -> new NetworkServer(device.envelope(), device.id(),
                    ChirpStackV3Envelope.topic(CHIRPSTACK_V3_APPLICATION, device.id()));
            case FootfallJsonEnvelope.NAME -> {
                if (!device.id().matches("[^/+#]+")) {
                    throw new IllegalArgumentException("device " + device.id() + ": a Footfall JSON device id is one MQTT"
                            + " topic level, without '/', '+' or '#'");
                }
                yield new NetworkServer(device.envelope(), device.id(), "footfall/v1/" + siteId + "/" + device.id() + "/up");
            }
            default -> throw new IllegalArgumentException("device " + device.id() + ": the simulator has no network server"
                    + " for envelope " + device.envelope());
        };
    }

    /** The Things Stack's device id: a free-form label, by convention eui- and the DevEUI. */
    static String ttsId(String devEui) {
        return "eui-" + devEui;
    }

    String envelope() {
        return envelope;
    }

    String topic() {
        return topic;
    }

    /**
     * Whether uplinks go over LoRaWAN radio and gateways: then a second gateway can hear a frame
     * and a gateway that loses its backhaul holds them back. Footfall JSON goes over IP.
     */
    boolean lorawan() {
        return !envelope.equals(FootfallJsonEnvelope.NAME);
    }

    /** The MQTT message the network server publishes for {@code uplink} (for Footfall JSON: the payload, as sent). */
    byte[] message(Uplink uplink) {
        return switch (envelope) {
            case TtnV3Envelope.NAME -> TTN.encode(uplink, DeviceFleet.APPLICATION, ttsId(deviceId));
            case ChirpStackV4Envelope.NAME -> CHIRPSTACK_V4.encode(uplink, CHIRPSTACK_V4_APPLICATION, ttsId(deviceId));
            case ChirpStackV3Envelope.NAME -> CHIRPSTACK_V3.encode(uplink, CHIRPSTACK_V3_APPLICATION, ttsId(deviceId));
            default -> uplink.payload();
        };
    }
}
