package se.helsingborg.footfall.jobs;

/**
 * People who entered and left one zone, counted by one gate over a period ending at
 * {@code periodEnd} (epoch millis, exclusive).
 */
public record ZoneFlow(String zoneId, long periodEnd, long entries, long exits) {}
