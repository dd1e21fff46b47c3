package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code dwell_daily}: how long people stayed in a zone on one of its days, and the
 * method that says so. {@code littles-law} gives the mean only (area between the cumulative entry
 * and exit curves over the entries, {@code visits}); {@code fifo} matches the k-th entry with the
 * k-th exit and gives mean, median and 90th percentile of the matched stays ({@code visits});
 * {@code deconvolution} shares each minute's exits among earlier entries by the day's distribution
 * of stays that best explains the two curves, and gives the same figures of those stays. FIFO's
 * stays crowd around the mean (its median high, its 90th percentile low when stays vary);
 * deconvolution's keep their spread.
 * Figures a method cannot give, or that no visit backs, are null.
 */
public record DwellDay(String zoneId, @TypeInfo(LocalDateInfo.class) LocalDate day, String method, long visits, Double meanSeconds,
        Double medianSeconds, Double p90Seconds) {
    public static final String LITTLES_LAW = "littles-law";
    public static final String FIFO = "fifo";
    public static final String DECONVOLUTION = "deconvolution";
}
