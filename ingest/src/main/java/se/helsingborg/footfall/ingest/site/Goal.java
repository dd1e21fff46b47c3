package se.helsingborg.footfall.ingest.site;

/**
 * A site's visitor ambition: {@code multiplier} times the visitors of {@code baselineYear} by
 * {@code targetYear} (the library's "double the visitors" is multiplier 2.0).
 */
public record Goal(int baselineYear, long baselineVisitors, double multiplier, int targetYear)
        implements java.io.Serializable {
    public Goal {
        if (baselineVisitors < 0) {
            throw new IllegalArgumentException("goal baseline_visitors must not be negative");
        }
        if (multiplier <= 0) {
            throw new IllegalArgumentException("goal multiplier must be positive");
        }
        if (targetYear < baselineYear) {
            throw new IllegalArgumentException("goal target_year must not be before baseline_year");
        }
    }
}
