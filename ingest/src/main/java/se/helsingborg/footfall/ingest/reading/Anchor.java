package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;

/**
 * A manual recount: someone counted {@code count} people in a zone ("there are 212 people in the
 * library now"). Unlike an area counter's count it is said once, and the zone's gates carry on
 * counting from it (DESIGN §5: the recount re-bases the zone's occupancy).
 */
public record Anchor(String zoneId, int count) {
    public Anchor {
        Objects.requireNonNull(zoneId, "zoneId");
        if (count < 0) {
            throw new IllegalArgumentException("a recount cannot be negative: " + count);
        }
    }
}
