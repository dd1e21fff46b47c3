package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;

/** How many people an area counter (a camera, a ToF sensor over a room) sees in a zone right now. */
public record AreaCount(String zoneId, int count) {
    public AreaCount {
        Objects.requireNonNull(zoneId, "zoneId");
        if (count < 0) {
            throw new IllegalArgumentException("an area count cannot be negative: " + count);
        }
    }
}
