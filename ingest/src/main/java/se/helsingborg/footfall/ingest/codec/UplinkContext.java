package se.helsingborg.footfall.ingest.codec;

import java.time.Instant;
import java.time.ZoneOffset;
import se.helsingborg.footfall.ingest.presence.PresenceTokens;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * What a codec needs beyond the bytes: the device as the site file knows it, the message's times,
 * and how raw identifiers of presence sensors become tokens (the site's secret and time zone).
 */
public record UplinkContext(Device device, int fPort, long fCnt, Instant time, Instant receivedAt, PresenceTokens tokens) {

    /**
     * Without the site's tokens: for one payload decoded on its own (and the simulator's own check
     * of what it sends), where tokens only have to be tokens, under this process's random secret.
     */
    public UplinkContext(Device device, int fPort, long fCnt, Instant time, Instant receivedAt) {
        this(device, fPort, fCnt, time, receivedAt, ProcessTokens.UTC);
    }

    private static final class ProcessTokens {
        static final PresenceTokens UTC = PresenceTokens.fromEnvironment(ZoneOffset.UTC);
    }
}
