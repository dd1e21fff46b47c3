package se.helsingborg.footfall.jobs.alerts;

/**
 * Where a zone's levels stand after its settled minutes, those the allowed lateness has passed, so
 * that no late reading changes them any more: the watch of each level ({@code null}: below it), the
 * last settled minute and the occupancy at its end, which the zone keeps while it is quiet.
 * {@link AlertFunction} works out the held minutes after them from here, again whenever one changes.
 */
public record SettledZone(LevelWatch busy, LevelWatch full, long minute, int occupancy) {}
