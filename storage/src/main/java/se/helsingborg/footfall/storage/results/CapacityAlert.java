package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code alerts}: one episode of a zone at or above a capacity level. It starts at the
 * first minute the zone reached the level ({@code threshold}, in people) and ends ({@code endedAt},
 * null while it lasts) when the occupancy fell far enough below it; {@code peakOccupancy} is the
 * most people seen during it so far. Written again when it opens, peaks higher and ends: the key
 * (zone, level, start) stays, so a replay overwrites the row and never adds a second one. With
 * {@code retracted}, the removal of the episode's row (see {@link Retractable}): late readings
 * showed it did not happen so (it began at another minute, or never lasted the minimum duration).
 */
public record CapacityAlert(String zoneId, AlertLevel level, Instant startedAt, Instant endedAt, int threshold,
        int peakOccupancy, boolean retracted) implements Retractable {

    public CapacityAlert(String zoneId, AlertLevel level, Instant startedAt, Instant endedAt, int threshold, int peakOccupancy) {
        this(zoneId, level, startedAt, endedAt, threshold, peakOccupancy, false);
    }

    /** The episode has no row any more. */
    public static CapacityAlert retraction(String zoneId, AlertLevel level, Instant startedAt) {
        return new CapacityAlert(zoneId, level, startedAt, null, 0, 0, true);
    }

    public boolean ended() {
        return endedAt != null;
    }
}
