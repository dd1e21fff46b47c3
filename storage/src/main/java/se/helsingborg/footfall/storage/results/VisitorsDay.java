package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;

/** A row of {@code visitors_daily}: a site's visitors so far on a local day. */
public record VisitorsDay(String siteId, LocalDate day, long visitors) {}
