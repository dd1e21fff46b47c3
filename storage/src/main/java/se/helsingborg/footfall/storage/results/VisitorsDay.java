package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code visitors_daily}: a site's visitors so far on a local day, and how many of them
 * were estimated rather than counted (a part of visitors); or, {@code retracted}, the removal of
 * the day's row (see {@link Retractable}).
 */
public record VisitorsDay(String siteId, @TypeInfo(LocalDateInfo.class) LocalDate day, long visitors, long estimatedVisitors,
        boolean retracted) implements Retractable {
    /** A day whose visitors were all counted. */
    public VisitorsDay(String siteId, LocalDate day, long visitors) {
        this(siteId, day, visitors, 0, false);
    }

    public VisitorsDay(String siteId, LocalDate day, long visitors, long estimatedVisitors) {
        this(siteId, day, visitors, estimatedVisitors, false);
    }

    /** The site's day has no row any more: a rewrite took back every entry it had. */
    public static VisitorsDay retraction(String siteId, LocalDate day) {
        return new VisitorsDay(siteId, day, 0, 0, true);
    }
}
