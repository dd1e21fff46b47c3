package se.helsingborg.footfall.storage.files;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.PipelineMinute;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;
import se.helsingborg.footfall.storage.sink.ResultSinks;

/**
 * The result tables as CSV files in a directory ({@code replay --out}, DESIGN §7): one file per
 * table, with the database table's columns in its order, so the same SQL-minded reader (and
 * {@code score --results}) understands both. Views of the database (flows, goal progress) are
 * derived from these files afterwards by {@link DerivedResultFiles}.
 */
public final class CsvResultSinks {
    public static final CsvTable<OccupancyMinute> OCCUPANCY = new CsvTable<>("occupancy",
            List.of("zone_id", "minute", "occupancy", "max_occupancy", "entries", "exits"),
            r -> List.of(r.zoneId(), r.minute(), r.occupancy(), r.maxOccupancy(), r.entries(), r.exits()),
            r -> List.of(r.zoneId(), r.minute()));
    public static final CsvTable<GateMinute> GATE_COUNTS = new CsvTable<>("gate_counts",
            List.of("gate_id", "minute", "entries", "exits", "estimated_entries", "estimated_exits"),
            r -> List.of(r.gateId(), r.minute(), r.entries(), r.exits(), r.estimatedEntries(), r.estimatedExits()),
            r -> List.of(r.gateId(), r.minute()));
    public static final CsvTable<VisitorsDay> VISITORS_DAILY = new CsvTable<>("visitors_daily",
            List.of("site_id", "day", "visitors", "estimated_visitors"),
            r -> List.of(r.siteId(), r.day(), r.visitors(), r.estimatedVisitors()),
            r -> List.of(r.siteId(), r.day()));
    public static final CsvTable<DeviceHealthMinute> DEVICE_HEALTH = new CsvTable<>("device_health",
            List.of("device_id", "minute", "last_seen", "online", "battery_pct", "battery_mv", "rssi_dbm", "snr_db",
                    "counter_resets", "rejected_messages"),
            r -> Arrays.asList(r.deviceId(), r.minute(), r.lastSeen(), r.online(), r.batteryPercent(), r.batteryMillivolts(),
                    r.rssiDbm(), r.snrDb(), r.counterResets(), r.rejectedMessages()),
            r -> List.of(r.deviceId(), r.minute()));
    /** Payloads as the database keeps them: the text when it is text, else {@code base64:} and the bytes. */
    public static final CsvTable<RejectedMessage> REJECTED = new CsvTable<>("rejected",
            List.of("received_at", "topic", "reason", "payload"),
            r -> List.of(r.receivedAt(), r.topic(), r.reason(), ResultSinks.payloadText(r.payload())),
            r -> List.of(r.receivedAt(), r.topic(), ResultSinks.payloadText(r.payload())));

    public static final CsvTable<CapacityAlert> ALERTS = new CsvTable<>("alerts",
            List.of("zone_id", "level", "started_at", "ended_at", "threshold", "peak_occupancy"),
            r -> Arrays.asList(r.zoneId(), r.level().id(), r.startedAt(), r.endedAt(), r.threshold(), r.peakOccupancy()),
            r -> List.of(r.zoneId(), r.level().id(), r.startedAt()));

    /** {@code dwell.csv}: the dwell_daily table (DESIGN §7 names the file for the daily figures). */
    public static final CsvTable<DwellDay> DWELL = new CsvTable<>("dwell",
            List.of("zone_id", "day", "method", "visits", "mean_s", "median_s", "p90_s"),
            r -> Arrays.asList(r.zoneId(), r.day(), r.method(), r.visits(), r.meanSeconds(), r.medianSeconds(), r.p90Seconds()),
            r -> List.of(r.zoneId(), r.day(), r.method()));
    public static final CsvTable<DwellHour> DWELL_HOURLY = new CsvTable<>("dwell_hourly",
            List.of("zone_id", "day", "entry_hour", "method", "visits", "mean_s", "median_s", "p90_s"),
            r -> Arrays.asList(r.zoneId(), r.day(), r.entryHour(), r.method(), r.visits(), r.meanSeconds(), r.medianSeconds(),
                    r.p90Seconds()),
            r -> List.of(r.zoneId(), r.day(), r.entryHour(), r.method()));

    public static final CsvTable<ZoneTransitionDay> ZONE_TRANSITIONS = new CsvTable<>("zone_transitions",
            List.of("from_zone", "to_zone", "day", "transitions"),
            r -> List.of(r.fromZone(), r.toZone(), r.day(), r.transitions()),
            r -> List.of(r.fromZone(), r.toZone(), r.day()));

    public static final CsvTable<OccupancyCorrection> OCCUPANCY_CORRECTIONS = new CsvTable<>("occupancy_corrections",
            List.of("zone_id", "day", "clamps", "reset_residual", "anchors", "anchor_adjustment"),
            r -> Arrays.asList(r.zoneId(), r.day(), r.clamps(), r.resetResidual(), r.anchors(), r.anchorAdjustment()),
            r -> List.of(r.zoneId(), r.day()));

    public static final CsvTable<PipelineMinute> PIPELINE_MINUTES = new CsvTable<>("pipeline_minutes",
            List.of("minute", "messages", "readings", "duplicates", "too_late", "rejected"),
            r -> List.of(r.minute(), r.messages(), r.readings(), r.duplicates(), r.tooLate(), r.rejected()),
            r -> List.of(r.minute()));

    private final Path dir;

    public CsvResultSinks(Path dir) {
        this.dir = dir;
    }

    public Sink<OccupancyMinute> occupancy() {
        return new CsvTableSink<>(dir, OCCUPANCY);
    }

    public Sink<GateMinute> gateCounts() {
        return new CsvTableSink<>(dir, GATE_COUNTS);
    }

    public Sink<VisitorsDay> visitors() {
        return new CsvTableSink<>(dir, VISITORS_DAILY);
    }

    public Sink<DeviceHealthMinute> deviceHealth() {
        return new CsvTableSink<>(dir, DEVICE_HEALTH);
    }

    public Sink<RejectedMessage> rejected() {
        return new CsvTableSink<>(dir, REJECTED);
    }

    public Sink<CapacityAlert> alerts() {
        return new CsvTableSink<>(dir, ALERTS);
    }

    public Sink<OccupancyCorrection> occupancyCorrections() {
        return new CsvTableSink<>(dir, OCCUPANCY_CORRECTIONS);
    }

    public Sink<DwellDay> dwellDaily() {
        return new CsvTableSink<>(dir, DWELL);
    }

    public Sink<ZoneTransitionDay> zoneTransitions() {
        return new CsvTableSink<>(dir, ZONE_TRANSITIONS);
    }

    public Sink<PipelineMinute> pipelineMinutes() {
        return new CsvTableSink<>(dir, PIPELINE_MINUTES);
    }

    public Sink<DwellHour> dwellHourly() {
        return new CsvTableSink<>(dir, DWELL_HOURLY);
    }
}
