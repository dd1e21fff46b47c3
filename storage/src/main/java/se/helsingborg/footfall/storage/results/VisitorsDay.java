package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/** A row of {@code visitors_daily}: a site's visitors so far on a local day. */
public record VisitorsDay(String siteId, @TypeInfo(LocalDateInfo.class) LocalDate day, long visitors) {}
