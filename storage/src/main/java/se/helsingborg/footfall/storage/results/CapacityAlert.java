package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code alerts}: one episode of a zone at or above a capacity level. It starts at the
 * first minute the zone reached the level ({@code threshold}, in people) and ends ({@code endedAt},
 * null while it lasts) when the occupancy fell far enough below it; {@code peakOccupancy} is the
 * most people seen during it so far. Written again when it opens, peaks higher and ends: the key
 * (zone, level, start) stays, so a replay overwrites the row and never adds a second one.
 */
public record CapacityAlert(String zoneId, AlertLevel level, Instant startedAt, Instant endedAt, int threshold,
        int peakOccupancy) {

    public boolean ended() {
        return endedAt != null;
    }
}
