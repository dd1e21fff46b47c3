package se.helsingborg.footfall.jobs.alerts;

/**
 * The last minute {@link AlertFunction} applied for a zone and the occupancy at its end, which the
 * zone keeps through the quiet minutes the occupancy operator does not write until the next flow.
 */
public record LastMinute(long minute, int occupancy) {}
