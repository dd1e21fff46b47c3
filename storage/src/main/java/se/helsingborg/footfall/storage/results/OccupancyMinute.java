package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code occupancy}: a zone's occupancy at the end of a minute, the largest it was within
 * the minute, and the minute's flow. Counters report whole periods, not single crossings, so the
 * order of entries and exits within a minute is unknown: the maximum is the larger of the
 * occupancy at the minute's start and at its end. With {@code retracted}, the removal of the
 * minute's row (see {@link Retractable}).
 */
public record OccupancyMinute(String zoneId, Instant minute, int occupancy, int maxOccupancy, int entries, int exits,
        boolean retracted) implements Retractable {
    public OccupancyMinute(String zoneId, Instant minute, int occupancy, int maxOccupancy, int entries, int exits) {
        this(zoneId, minute, occupancy, maxOccupancy, entries, exits, false);
    }

    /** The zone's minute has no row any more: rewritten, it is a quiet minute with nobody inside. */
    public static OccupancyMinute retraction(String zoneId, Instant minute) {
        return new OccupancyMinute(zoneId, minute, 0, 0, 0, 0, true);
    }
}
