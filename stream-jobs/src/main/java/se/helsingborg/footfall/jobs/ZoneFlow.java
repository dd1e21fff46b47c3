package se.helsingborg.footfall.jobs;

/**
 * People who entered and left one zone, counted by one gate over the period
 * [{@code periodEnd − periodMillis}, {@code periodEnd}) (epoch millis). A period of a minute or
 * less, or of unknown length (0), is taken to lie in the minute holding its last instant.
 */
public record ZoneFlow(String zoneId, long periodEnd, long entries, long exits, long periodMillis) {
    /** A count of a period of unknown length, placed in the minute holding its last instant. */
    public ZoneFlow(String zoneId, long periodEnd, long entries, long exits) {
        this(zoneId, periodEnd, entries, exits, 0);
    }
}
