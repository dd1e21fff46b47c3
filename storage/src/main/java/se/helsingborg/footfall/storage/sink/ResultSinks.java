package se.helsingborg.footfall.storage.sink;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.util.function.SerializableFunction;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.PipelineMinute;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;
import se.helsingborg.footfall.storage.results.Retractable;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * The JDBC sinks of the result tables. Every statement is an upsert on the table's natural key,
 * so a replay or a redelivery after a crash overwrites rows instead of doubling them. The minutes
 * of occupancy and gate counts and the days of visitors can also be retracted
 * ({@link Retractable}) when a rewrite empties them, and capacity alert episodes when a rewrite
 * shows they did not happen so: their rows are then deleted by the same key. A batch keeps
 * the last row of each key, so it goes as multi-row statements; batches are flushed when full,
 * after a short interval (live dashboards stay live) and at every checkpoint. The execution
 * options (batch size, interval, retries) are the writer's settings, see {@link UpsertWriter}.
 */
public final class ResultSinks {
    static final String OCCUPANCY_UPSERT = """
            INSERT INTO occupancy (zone_id, minute, occupancy, max_occupancy, entries, exits) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone_id, minute) DO UPDATE
            SET occupancy = EXCLUDED.occupancy, max_occupancy = EXCLUDED.max_occupancy,
                entries = EXCLUDED.entries, exits = EXCLUDED.exits""";
    static final String OCCUPANCY_DELETE = "DELETE FROM occupancy WHERE zone_id = ? AND minute = ?";
    static final String GATE_COUNTS_UPSERT = """
            INSERT INTO gate_counts (gate_id, minute, entries, exits, estimated_entries, estimated_exits) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (gate_id, minute) DO UPDATE SET entries = EXCLUDED.entries, exits = EXCLUDED.exits,
                estimated_entries = EXCLUDED.estimated_entries, estimated_exits = EXCLUDED.estimated_exits""";
    static final String GATE_COUNTS_DELETE = "DELETE FROM gate_counts WHERE gate_id = ? AND minute = ?";
    /** A reading is what its device said; the same reading again changes nothing. */
    static final String READINGS_INSERT = """
            INSERT INTO readings (device_id, event_time, received_at, f_cnt, part, kind, gate_id, line, count_in,
                count_out, cumulative, period_s, zone_id, people, occupied, motion_count, co2_ppm, temperature_c,
                humidity_pct, illuminance_lux, pressure_hpa, battery_pct, battery_mv, rssi_dbm, snr_db, token)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device_id, event_time, f_cnt, part) DO NOTHING""";
    static final String DEVICE_HEALTH_UPSERT = """
            INSERT INTO device_health (device_id, minute, last_seen, online, battery_pct, battery_mv, rssi_dbm, snr_db,
                counter_resets, rejected_messages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (device_id, minute) DO UPDATE SET last_seen = EXCLUDED.last_seen, online = EXCLUDED.online,
                battery_pct = EXCLUDED.battery_pct, battery_mv = EXCLUDED.battery_mv, rssi_dbm = EXCLUDED.rssi_dbm,
                snr_db = EXCLUDED.snr_db, counter_resets = EXCLUDED.counter_resets,
                rejected_messages = EXCLUDED.rejected_messages""";
    static final String PIPELINE_MINUTES_UPSERT = """
            INSERT INTO pipeline_minutes (minute, messages, readings, duplicates, too_late, rejected) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (minute) DO UPDATE SET messages = EXCLUDED.messages, readings = EXCLUDED.readings,
                duplicates = EXCLUDED.duplicates, too_late = EXCLUDED.too_late, rejected = EXCLUDED.rejected""";
    static final String VISITORS_UPSERT = """
            INSERT INTO visitors_daily (site_id, day, visitors, estimated_visitors) VALUES (?, ?, ?, ?)
            ON CONFLICT (site_id, day) DO UPDATE SET visitors = EXCLUDED.visitors,
                estimated_visitors = EXCLUDED.estimated_visitors""";
    static final String VISITORS_DELETE = "DELETE FROM visitors_daily WHERE site_id = ? AND day = ?";
    /** An episode's row, written when it opens, peaks higher and ends; a replay writes the same rows again. */
    static final String ALERTS_UPSERT = """
            INSERT INTO alerts (zone_id, level, started_at, ended_at, threshold, peak_occupancy) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone_id, level, started_at) DO UPDATE SET ended_at = EXCLUDED.ended_at,
                threshold = EXCLUDED.threshold, peak_occupancy = EXCLUDED.peak_occupancy""";
    static final String ALERTS_DELETE = "DELETE FROM alerts WHERE zone_id = ? AND level = ? AND started_at = ?";
    static final String DWELL_DAILY_UPSERT = """
            INSERT INTO dwell_daily (zone_id, day, method, visits, mean_s, median_s, p90_s) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone_id, day, method) DO UPDATE SET visits = EXCLUDED.visits, mean_s = EXCLUDED.mean_s,
                median_s = EXCLUDED.median_s, p90_s = EXCLUDED.p90_s""";
    /** A day's running count of token transitions; the last one of the day is the day's. */
    static final String ZONE_TRANSITIONS_UPSERT = """
            INSERT INTO zone_transitions (from_zone, to_zone, day, transitions) VALUES (?, ?, ?, ?)
            ON CONFLICT (from_zone, to_zone, day) DO UPDATE SET transitions = EXCLUDED.transitions""";
    static final String DWELL_HOURLY_UPSERT = """
            INSERT INTO dwell_hourly (zone_id, day, entry_hour, method, visits, mean_s, median_s, p90_s)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone_id, day, entry_hour, method) DO UPDATE SET visits = EXCLUDED.visits, mean_s = EXCLUDED.mean_s,
                median_s = EXCLUDED.median_s, p90_s = EXCLUDED.p90_s""";
    /** Running totals of the day: a replay writes the same totals again (never adds to them). */
    static final String OCCUPANCY_CORRECTIONS_UPSERT = """
            INSERT INTO occupancy_corrections (zone_id, day, clamps, reset_residual, anchors, anchor_adjustment)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone_id, day) DO UPDATE SET clamps = EXCLUDED.clamps, reset_residual = EXCLUDED.reset_residual,
                anchors = EXCLUDED.anchors, anchor_adjustment = EXCLUDED.anchor_adjustment""";
    static final String REJECTED_INSERT = """
            INSERT INTO rejected_messages (received_at, topic, reason, payload, payload_md5)
            VALUES (?, ?, ?, ?, md5(?)) ON CONFLICT DO NOTHING""";

    private final Database database;
    private final JdbcExecutionOptions execution;

    public ResultSinks(Database database) {
        this(database, JdbcExecutionOptions.builder()
                .withBatchSize(1_000)
                .withBatchIntervalMs(50)
                .withMaxRetries(5)
                .build());
    }

    public ResultSinks(Database database, JdbcExecutionOptions execution) {
        this.database = database;
        this.execution = execution;
    }

    public Sink<OccupancyMinute> occupancy() {
        return sink(OCCUPANCY_UPSERT, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setTimestamp(2, Timestamp.from(row.minute()));
            ps.setInt(3, row.occupancy());
            ps.setInt(4, row.maxOccupancy());
            ps.setInt(5, row.entries());
            ps.setInt(6, row.exits());
        }, row -> List.of(row.zoneId(), row.minute()), OCCUPANCY_DELETE, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setTimestamp(2, Timestamp.from(row.minute()));
        });
    }

    public Sink<GateMinute> gateCounts() {
        return sink(GATE_COUNTS_UPSERT, (ps, row) -> {
            ps.setString(1, row.gateId());
            ps.setTimestamp(2, Timestamp.from(row.minute()));
            ps.setInt(3, row.entries());
            ps.setInt(4, row.exits());
            ps.setInt(5, row.estimatedEntries());
            ps.setInt(6, row.estimatedExits());
        }, row -> List.of(row.gateId(), row.minute()), GATE_COUNTS_DELETE, (ps, row) -> {
            ps.setString(1, row.gateId());
            ps.setTimestamp(2, Timestamp.from(row.minute()));
        });
    }

    public Sink<Reading> readings() {
        return sink(READINGS_INSERT, ReadingRow::bind,
                row -> Arrays.asList(row.deviceId(), row.eventTime(), row.frameCounter(), row.part()));
    }

    public Sink<DeviceHealthMinute> deviceHealth() {
        return sink(DEVICE_HEALTH_UPSERT, (ps, row) -> {
            ps.setString(1, row.deviceId());
            ps.setTimestamp(2, Timestamp.from(row.minute()));
            ps.setTimestamp(3, row.lastSeen() == null ? null : Timestamp.from(row.lastSeen())); // only rejects heard yet
            ps.setBoolean(4, row.online());
            ps.setObject(5, row.batteryPercent() == null ? null : row.batteryPercent().shortValue(), Types.SMALLINT);
            ps.setObject(6, row.batteryMillivolts(), Types.INTEGER);
            ps.setObject(7, row.rssiDbm(), Types.DOUBLE);
            ps.setObject(8, row.snrDb(), Types.DOUBLE);
            ps.setInt(9, row.counterResets());
            ps.setInt(10, row.rejectedMessages());
        }, row -> List.of(row.deviceId(), row.minute()));
    }

    public Sink<PipelineMinute> pipelineMinutes() {
        return sink(PIPELINE_MINUTES_UPSERT, (ps, row) -> {
            ps.setTimestamp(1, Timestamp.from(row.minute()));
            ps.setInt(2, Math.toIntExact(row.messages()));
            ps.setInt(3, Math.toIntExact(row.readings()));
            ps.setInt(4, Math.toIntExact(row.duplicates()));
            ps.setInt(5, Math.toIntExact(row.tooLate()));
            ps.setInt(6, Math.toIntExact(row.rejected()));
        }, row -> List.of(row.minute()));
    }

    public Sink<VisitorsDay> visitors() {
        return sink(VISITORS_UPSERT, (ps, row) -> {
            ps.setString(1, row.siteId());
            ps.setDate(2, Date.valueOf(row.day()));
            ps.setLong(3, row.visitors());
            ps.setLong(4, row.estimatedVisitors());
        }, row -> List.of(row.siteId(), row.day()), VISITORS_DELETE, (ps, row) -> {
            ps.setString(1, row.siteId());
            ps.setDate(2, Date.valueOf(row.day()));
        });
    }

    public Sink<CapacityAlert> alerts() {
        return sink(ALERTS_UPSERT, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setString(2, row.level().id());
            ps.setTimestamp(3, Timestamp.from(row.startedAt()));
            ps.setTimestamp(4, row.endedAt() == null ? null : Timestamp.from(row.endedAt()));
            ps.setInt(5, row.threshold());
            ps.setInt(6, row.peakOccupancy());
        }, row -> List.of(row.zoneId(), row.level(), row.startedAt()), ALERTS_DELETE, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setString(2, row.level().id());
            ps.setTimestamp(3, Timestamp.from(row.startedAt()));
        });
    }

    public Sink<DwellDay> dwellDaily() {
        return sink(DWELL_DAILY_UPSERT, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setDate(2, Date.valueOf(row.day()));
            ps.setString(3, row.method());
            ps.setInt(4, Math.toIntExact(row.visits()));
            ps.setObject(5, row.meanSeconds(), Types.DOUBLE);
            ps.setObject(6, row.medianSeconds(), Types.DOUBLE);
            ps.setObject(7, row.p90Seconds(), Types.DOUBLE);
        }, row -> List.of(row.zoneId(), row.day(), row.method()));
    }

    public Sink<ZoneTransitionDay> zoneTransitions() {
        return sink(ZONE_TRANSITIONS_UPSERT, (ps, row) -> {
            ps.setString(1, row.fromZone());
            ps.setString(2, row.toZone());
            ps.setDate(3, Date.valueOf(row.day()));
            ps.setInt(4, row.transitions());
        }, row -> List.of(row.fromZone(), row.toZone(), row.day()));
    }

    public Sink<DwellHour> dwellHourly() {
        return sink(DWELL_HOURLY_UPSERT, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setDate(2, Date.valueOf(row.day()));
            ps.setShort(3, (short) row.entryHour());
            ps.setString(4, row.method());
            ps.setInt(5, Math.toIntExact(row.visits()));
            ps.setObject(6, row.meanSeconds(), Types.DOUBLE);
            ps.setObject(7, row.medianSeconds(), Types.DOUBLE);
            ps.setObject(8, row.p90Seconds(), Types.DOUBLE);
        }, row -> List.of(row.zoneId(), row.day(), row.entryHour(), row.method()));
    }

    public Sink<OccupancyCorrection> occupancyCorrections() {
        return sink(OCCUPANCY_CORRECTIONS_UPSERT, (ps, row) -> {
            ps.setString(1, row.zoneId());
            ps.setDate(2, Date.valueOf(row.day()));
            ps.setInt(3, row.clamps());
            ps.setObject(4, row.resetResidual(), Types.INTEGER);
            ps.setInt(5, row.anchors());
            ps.setInt(6, row.anchorAdjustment());
        }, row -> List.of(row.zoneId(), row.day()));
    }

    public Sink<RejectedMessage> rejected() {
        return sink(REJECTED_INSERT, (ps, row) -> {
            String payload = payloadText(row.payload());
            ps.setTimestamp(1, Timestamp.from(row.receivedAt()));
            ps.setString(2, row.topic());
            ps.setString(3, row.reason());
            ps.setString(4, payload);
            ps.setString(5, payload);
        }, row -> Arrays.asList(row.receivedAt(), row.topic(), payloadText(row.payload())));
    }

    /** A sink whose batches hold each {@code key} once, the last row given for it (see {@link UpsertWriter}). */
    private <T> Sink<T> sink(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, ?> key) {
        return new UpsertSink<>(database, execution, new UpsertStatement<>(sql, binder, key));
    }

    /** The same, for a table whose rows can be retracted: a retraction deletes its key's row with {@code delete}. */
    private <T extends Retractable> Sink<T> sink(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, ?> key,
            String delete, JdbcStatementBuilder<T> deleteBinder) {
        return new UpsertSink<>(database, execution, new UpsertStatement<>(sql, binder, key, delete, deleteBinder));
    }

    /** The payload as text when it is UTF-8 without NUL (PostgreSQL text cannot hold NUL), else base64. */
    public static String payloadText(byte[] payload) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(payload)).toString();
            if (text.indexOf('\0') < 0 && !text.startsWith("base64:")) {
                return text;
            }
        } catch (CharacterCodingException notText) {
            // falls through to base64
        }
        return "base64:" + Base64.getEncoder().encodeToString(payload);
    }
}
