package se.helsingborg.footfall.jobs.occupancy;

/**
 * A count of the people in a zone at {@code time} (epoch millis): an area counter's reading, or a
 * manual recount ({@code recount}). An area count holds the zone's occupancy while its counter keeps
 * reporting and is stale after {@code staleAfterMs} without another; a recount is said once and
 * the gates count on from it.
 */
public record ZoneCount(String zoneId, long time, int count, boolean recount, long staleAfterMs) {}
