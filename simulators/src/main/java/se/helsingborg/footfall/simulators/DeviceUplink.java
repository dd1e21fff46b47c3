package se.helsingborg.footfall.simulators;

import java.time.Instant;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;

/** One uplink as a device sent it, before the network delivers it (once, twice, late or never). */
record DeviceUplink(Uplink uplink, String topic, String ttsId) {
    private static final TtnV3Envelope TTN = new TtnV3Envelope();

    Instant sent() {
        return uplink.receivedAt();
    }

    /** The network server's message for this uplink heard by a gateway with {@code rssi}, received at {@code at}. */
    SimulatedMessage message(Instant at, double rssi, Instant deliveredAt) {
        Uplink u = new Uplink(uplink.envelope(), null, uplink.deviceId(), uplink.fPort(), uplink.fCnt(), at, uplink.payload(),
                rssi, uplink.snrDb());
        return new SimulatedMessage(deliveredAt, topic, TTN.encode(u, DeviceFleet.APPLICATION, ttsId));
    }

    SimulatedMessage message() {
        return message(sent(), uplink.rssiDbm(), sent());
    }
}
