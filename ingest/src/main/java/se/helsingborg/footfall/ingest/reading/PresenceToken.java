package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A presence sensor (a Wi-Fi or Bluetooth sniffer, a badge reader) saw someone's device in a zone.
 * The token is a keyed hash of the device's identifier that changes every local day (see
 * {@code ingest.presence.PresenceTokens}); the identifier itself never leaves ingest, so a token
 * follows one phone through the zones of one day and tells nothing about it on the next.
 */
public record PresenceToken(String zoneId, String token) {
    /** What a token looks like (base64url); a MAC address or badge number with its colons never does. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    public PresenceToken {
        Objects.requireNonNull(zoneId, "zoneId");
        Objects.requireNonNull(token, "token");
        if (!TOKEN.matcher(token).matches()) {
            // never echo the value: if it is not a token it may be a raw identifier
            throw new IllegalArgumentException("a presence token is 16 to 64 base64url characters");
        }
    }
}
