package se.helsingborg.footfall.ingest.envelope;

import java.time.Instant;
import java.util.Objects;

/**
 * One device message taken out of its network server's envelope: who sent it, its LoRaWAN frame
 * counter and port, when the network received it, and the raw application payload bytes.
 */
public record Uplink(
        String envelope,
        String topic,
        String deviceId,
        int fPort,
        long fCnt,
        Instant receivedAt,
        byte[] payload,
        Double rssiDbm,
        Double snrDb) {

    public Uplink {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
    }
}
