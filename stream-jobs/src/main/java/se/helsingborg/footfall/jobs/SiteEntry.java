package se.helsingborg.footfall.jobs;

/**
 * People who entered a site through one of its external gates in a period ending at
 * {@code periodEnd}, and of them, how many were estimated rather than counted.
 */
public record SiteEntry(String siteId, long periodEnd, long entries, long estimated) {
    /** Entries that were counted, none of them estimated. */
    public SiteEntry(String siteId, long periodEnd, long entries) {
        this(siteId, periodEnd, entries, 0);
    }
}
