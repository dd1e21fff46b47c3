package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code dwell_hourly}: the stays in a zone on one of its days that began in one local
 * hour ({@code entryHour}, 0–23), by the method that matched them (see {@link DwellDay}).
 */
public record DwellHour(String zoneId, @TypeInfo(LocalDateInfo.class) LocalDate day, int entryHour, String method, long visits,
        Double meanSeconds, Double medianSeconds, Double p90Seconds) {}
