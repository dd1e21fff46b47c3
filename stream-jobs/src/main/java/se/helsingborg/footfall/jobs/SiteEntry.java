package se.helsingborg.footfall.jobs;

/** People who entered a site through one of its external gates in a period ending at {@code periodEnd}. */
public record SiteEntry(String siteId, long periodEnd, long entries) {}
