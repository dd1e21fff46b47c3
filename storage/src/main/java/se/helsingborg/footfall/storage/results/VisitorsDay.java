package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code visitors_daily}: a site's visitors so far on a local day, and how many of them
 * were estimated rather than counted (a part of visitors).
 */
public record VisitorsDay(String siteId, @TypeInfo(LocalDateInfo.class) LocalDate day, long visitors, long estimatedVisitors) {
    /** A day whose visitors were all counted. */
    public VisitorsDay(String siteId, LocalDate day, long visitors) {
        this(siteId, day, visitors, 0);
    }
}
