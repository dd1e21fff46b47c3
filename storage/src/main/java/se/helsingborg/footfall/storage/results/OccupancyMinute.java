package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code occupancy}: a zone's occupancy at the end of a minute, the largest it was within
 * the minute, and the minute's flow. Counters report whole periods, not single crossings, so the
 * order of entries and exits within a minute is unknown: the maximum is the larger of the
 * occupancy at the minute's start and at its end.
 */
public record OccupancyMinute(String zoneId, Instant minute, int occupancy, int maxOccupancy, int entries, int exits) {}
