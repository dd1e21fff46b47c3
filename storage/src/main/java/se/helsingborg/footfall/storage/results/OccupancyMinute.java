package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/** A row of {@code occupancy}: a zone's occupancy at the end of a minute, and that minute's flow. */
public record OccupancyMinute(String zoneId, Instant minute, int occupancy, int entries, int exits) {}
