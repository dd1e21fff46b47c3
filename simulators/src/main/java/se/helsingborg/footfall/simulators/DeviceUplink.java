package se.helsingborg.footfall.simulators;

import java.time.Instant;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * One uplink as a device sent it, before the network delivers it (once, twice, late or never):
 * the device as the site file knows it, and the network server that will publish it.
 */
record DeviceUplink(Uplink uplink, Device device, NetworkServer server) {

    Instant sent() {
        return uplink.receivedAt();
    }

    String topic() {
        return server.topic();
    }

    /** The network server's message for this uplink heard by a gateway with {@code rssi}, received at {@code at}. */
    SimulatedMessage message(Instant at, double rssi, Instant deliveredAt) {
        Uplink u = new Uplink(uplink.envelope(), null, uplink.deviceId(), uplink.fPort(), uplink.fCnt(), at, uplink.payload(),
                rssi, uplink.snrDb());
        return new SimulatedMessage(deliveredAt, server.topic(), server.message(u));
    }

    SimulatedMessage message() {
        return message(sent(), uplink.rssiDbm() == null ? 0 : uplink.rssiDbm(), sent());
    }

    /** The same uplink with other payload bytes. */
    DeviceUplink withPayload(byte[] payload, Instant at) {
        return new DeviceUplink(new Uplink(uplink.envelope(), null, uplink.deviceId(), uplink.fPort(), uplink.fCnt(), at, payload,
                uplink.rssiDbm(), uplink.snrDb()), device, server);
    }
}
