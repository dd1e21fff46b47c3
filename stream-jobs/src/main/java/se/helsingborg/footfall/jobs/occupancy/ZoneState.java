package se.helsingborg.footfall.jobs.occupancy;

import se.helsingborg.footfall.storage.results.OccupancyCorrection;

/**
 * Where a zone stands after the minutes closed so far: its occupancy at the end of the last one
 * ({@code lastClosedMinute}, null when nothing needs it), the latest area count applied, and the
 * corrections of the day so far (null when none).
 */
public record ZoneState(int occupancy, Long lastClosedMinute, ZoneCount area, OccupancyCorrection corrections) {
    public static final ZoneState EMPTY = new ZoneState(0, null, null, null);
}
