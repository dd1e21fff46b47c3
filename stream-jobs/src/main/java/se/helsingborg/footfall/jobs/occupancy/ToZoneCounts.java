package se.helsingborg.footfall.jobs.occupancy;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Area counts and manual recounts as counts of a zone's people. An area counter is stale after
 * {@link #STALE_INTERVALS} of its reporting intervals without a count, the rule device health uses
 * for "offline", so the occupancy falls back to the gates exactly when the device is shown offline.
 */
public final class ToZoneCounts implements FlatMapFunction<Reading, ZoneEvent> {
    public static final int STALE_INTERVALS = 3;
    private static final int DEFAULT_INTERVAL_S = 300;

    private final SiteModel site;

    public ToZoneCounts(SiteModel site) {
        this.site = site;
    }

    @Override
    public void flatMap(Reading r, Collector<ZoneEvent> out) {
        long time = r.eventTime().toEpochMilli();
        if (r.areaCount() != null) {
            int interval = site.device(r.deviceId()).map(d -> d.reportingIntervalSeconds()).orElse(DEFAULT_INTERVAL_S);
            out.collect(ZoneEvent.of(new ZoneCount(r.areaCount().zoneId(), time, r.areaCount().count(), false,
                    STALE_INTERVALS * 1000L * interval)));
        } else if (r.anchor() != null) {
            out.collect(ZoneEvent.of(new ZoneCount(r.anchor().zoneId(), time, r.anchor().count(), true, 0)));
        }
    }
}
