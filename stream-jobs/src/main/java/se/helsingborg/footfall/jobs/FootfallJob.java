package se.helsingborg.footfall.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.jobs.alerts.AlertChange;
import se.helsingborg.footfall.jobs.alerts.AlertFunction;
import se.helsingborg.footfall.jobs.dwell.DwellFunction;
import se.helsingborg.footfall.jobs.health.DeviceHealthFunction;
import se.helsingborg.footfall.jobs.health.DeviceReject;
import se.helsingborg.footfall.jobs.health.ReadingsClockOperator;
import se.helsingborg.footfall.jobs.health.RejectedDevices;
import se.helsingborg.footfall.jobs.occupancy.OccupancyFunction;
import se.helsingborg.footfall.jobs.pipeline.PipelineCountsFunction;
import se.helsingborg.footfall.jobs.occupancy.ToZoneCounts;
import se.helsingborg.footfall.jobs.occupancy.ToZoneEvents;
import se.helsingborg.footfall.jobs.occupancy.ZoneEvent;
import se.helsingborg.footfall.jobs.recovery.LineRecoveryFunction;
import se.helsingborg.footfall.jobs.tokens.TokenDwellFunction;
import se.helsingborg.footfall.jobs.tokens.TokenSession;
import se.helsingborg.footfall.jobs.tokens.TokenSessionFunction;
import se.helsingborg.footfall.jobs.tokens.ZoneTransitionCountFunction;
import se.helsingborg.footfall.jobs.visitors.VisitorsFunction;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * The Footfall job graph: messages → readings (rejects aside) → event time → duplicates dropped (readings
 * too late aside; both counted per minute of reception) → the raw readings, device health (with
 * the rejects of each device), lost crossings recovered from the totals per
 * counting line → per-zone occupancy (its corrections and capacity alerts), dwell and per-gate counts
 * per minute, per-site visitors per day, and from presence tokens sessions, token dwell and zone-to-zone
 * transitions → sinks. It takes its source and sinks from the caller,
 * so the command line wires MQTT and the database and tests wire their own.
 */
public final class FootfallJob {
    /**
     * How long a reading may arrive after later ones and still count in its minute as first
     * written. A minute's rows go out when the watermark passes its end, that is when a reading
     * this much later than the minute's end arrives, a few seconds after it where counters report
     * at different seconds of the minute. Where all report on the whole minute (as the simulator's
     * do), that would be the next round, a minute later; live jobs then write the minute once its
     * round has gone quiet ({@link #DEFAULT_QUIET}). Later readings, within {@link #DEFAULT_ALLOWED_LATENESS}, make their minutes be
     * written again; capacity alerts are raised from minutes as first written and settle to the
     * minutes written again.
     *
     * <p>Why 5 s: it covers an uplink's way through gateway and network server (about a second or
     * two). Measured on a simulated day with every fault on, replayed: 53 occupancy and 46 gate
     * minutes written again, against 44 and 38 with 30 s (the few skewed readings 10 to 30 s behind
     * the newest; the other late ones are minutes late either way), the same final results, and the
     * same capacity alerts with levels lowered so that 47 are said. No bound at all writes a minute
     * on the first report of its end, before the other counters' reports of the same instant:
     * about 3000 rewrites a day, and alerts starting up to 3 minutes late.
     */
    public static final Duration DEFAULT_OUT_OF_ORDERNESS = Duration.ofSeconds(5);
    /**
     * How far behind the watermark a reading may still come: beyond it, it is rejected as
     * {@code too_late}. Within it, a late reading counts in its own minute: the operators keep the
     * minutes they wrote this long and write the ones it changes again (gate counts, occupancy and
     * what follows from it, visitors), and the sinks upsert. Longer than the gateway outages the
     * simulator's {@code late} fault makes (up to 12 minutes), which then cost nothing.
     */
    public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofMinutes(15);
    /**
     * Live jobs: once no reading has come for this long (wall clock), the watermark moves up to the
     * newest reading ({@link LiveWatermarks}), so a round of reports on the whole minute gets its
     * minute written now rather than when the next round passes the bound. Longer than a round of
     * uplinks takes to arrive, which is about a second.
     */
    public static final Duration DEFAULT_QUIET = Duration.ofSeconds(2);
    /** A parallel reader without messages for this long no longer holds the watermark back (live jobs). */
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

    private final SiteModel site;
    private final Source<RawMessage, ?, ?> source;
    private final ResultSinkSet sinks;
    private final Duration outOfOrderness;
    private final boolean eventDrivenWatermarks;
    /** Where capacity alerts are published besides the {@code alerts} table (MQTT), or null. */
    private final Sink<AlertChange> alertPublisher;

    public FootfallJob(SiteModel site, Source<RawMessage, ?, ?> source, ResultSinkSet sinks) {
        this(site, source, sinks, DEFAULT_OUT_OF_ORDERNESS);
    }

    public FootfallJob(SiteModel site, Source<RawMessage, ?, ?> source, ResultSinkSet sinks, Duration outOfOrderness) {
        this(site, source, sinks, outOfOrderness, false, null);
    }

    private FootfallJob(SiteModel site, Source<RawMessage, ?, ?> source, ResultSinkSet sinks, Duration outOfOrderness,
            boolean eventDrivenWatermarks, Sink<AlertChange> alertPublisher) {
        this.site = site;
        this.source = source;
        this.sinks = sinks;
        this.outOfOrderness = outOfOrderness;
        this.eventDrivenWatermarks = eventDrivenWatermarks;
        this.alertPublisher = alertPublisher;
    }

    /** The same job, publishing every capacity alert change to {@code publisher} too (MQTT, for notifiers). */
    public FootfallJob publishingAlerts(Sink<AlertChange> publisher) {
        return new FootfallJob(site, source, sinks, outOfOrderness, eventDrivenWatermarks, publisher);
    }

    /**
     * The same job for a bounded replay of a recording: watermarks move with the readings
     * ({@link EventDrivenWatermarks}), so replaying the same file gives the same results however fast
     * it runs. Live jobs keep Flink's periodic watermarks. With readings driving them, the MQTT
     * end-to-end tests lost one to three park visitors a day: one uplink yields a reading per line,
     * the first moves the watermark, the visitors' running total goes out on the timer that fires,
     * and the second line's entries wait for the next watermark, which never comes once the test
     * stops publishing (a replay's end of input sends the final one). Live, the next minute's readings
     * bring it; the results then agree, only the tail of a stream that stops stays open.
     */
    public FootfallJob forReplay() {
        return new FootfallJob(site, source, sinks, outOfOrderness, true, alertPublisher);
    }

    /**
     * The rejects of known devices, each sent on to device health at once rather than when a
     * network buffer fills or times out (rejects are few): a reject then reaches device health before
     * the readings' watermark passes the minute it was received in, which it waits for there, so a
     * fast replay counts it in the same row every time.
     */
    private DataStream<DeviceReject> deviceRejects(DataStream<RejectedMessage> rejected, String what) {
        return rejected.flatMap(new RejectedDevices(site))
                .name(what + "-device-rejects")
                .uid(what + "-device-rejects")
                .setBufferTimeout(0);
    }

    /** Adds the job's operators to the environment; {@code env.execute} runs them. */
    public void build(StreamExecutionEnvironment env) {
        DataStream<RawMessage> messages = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-messages")
                .uid("mqtt-source");

        SingleOutputStreamOperator<Reading> readings = messages
                .process(new DecodeFunction(site))
                .name("decode")
                .uid("decode");

        DataStream<Reading> timed = readings.assignTimestampsAndWatermarks(eventDrivenWatermarks
                ? EventDrivenWatermarks.strategy(outOfOrderness)
                : LiveWatermarks.strategy(outOfOrderness, DEFAULT_QUIET, DEFAULT_IDLENESS))
                .name("event-time")
                .uid("event-time");

        SingleOutputStreamOperator<Reading> unique = timed
                .keyBy(Reading::identity)
                .process(new DuplicateFilter(DEFAULT_ALLOWED_LATENESS))
                .name("drop-duplicates")
                .uid("drop-duplicates");

        DataStream<RejectedMessage> unreadable = readings.getSideOutput(DecodeFunction.REJECTED);
        DataStream<RejectedMessage> tooLate = unique.getSideOutput(DuplicateFilter.TOO_LATE);
        unreadable.union(tooLate).sinkTo(sinks.rejected()).name("rejected-sink").uid("rejected-sink");

        readings.getSideOutput(DecodeFunction.COUNTS)
                .union(unique.getSideOutput(DuplicateFilter.COUNTS))
                .keyBy(counts -> counts.minute().toEpochMilli())
                .process(new PipelineCountsFunction())
                .name("pipeline-counts")
                .uid("pipeline-counts")
                .sinkTo(sinks.pipelineMinutes())
                .name("pipeline-minutes-sink")
                .uid("pipeline-minutes-sink");

        // manual recounts travel with the readings but are no device's (Reading#fromDevice)
        DataStream<Reading> fromDevices = unique.filter(Reading::fromDevice).name("device-readings").uid("device-readings");
        fromDevices.sinkTo(sinks.readings()).name("readings-sink").uid("readings-sink");

        DataStream<DeviceReject> deviceRejects = deviceRejects(unreadable, "unreadable").union(deviceRejects(tooLate, "too-late"));
        fromDevices.connect(deviceRejects)
                .keyBy(Reading::deviceId, DeviceReject::deviceId)
                .transform("device-health", TypeInformation.of(DeviceHealthMinute.class),
                        new ReadingsClockOperator<>(new DeviceHealthFunction(site)))
                .uid("device-health")
                .sinkTo(sinks.deviceHealth())
                .name("device-health-sink")
                .uid("device-health-sink");

        // Period counts, and what the totals show the lost ones held (offline devices, reboots, wraps).
        // Every other reading (area counts, recounts) passes through the same stage, so occupancy
        // takes its gate flows and its counts from one stream, in one order, on every replay.
        DataStream<Reading> counted = unique
                .keyBy(LineRecoveryFunction::lineKey)
                .process(new LineRecoveryFunction(DEFAULT_ALLOWED_LATENESS, site.timezone()))
                .name("line-recovery")
                .uid("line-recovery");

        counted.flatMap(new ToGateFlows())
                .name("gate-flows")
                .uid("gate-flows")
                .keyBy(GateFlow::gateId)
                .process(new GateCountsFunction(DEFAULT_ALLOWED_LATENESS))
                .name("gate-counts")
                .uid("gate-counts")
                .sinkTo(sinks.gateCounts())
                .name("gate-counts-sink")
                .uid("gate-counts-sink");

        GateTopology topology = new GateTopology(site);
        SingleOutputStreamOperator<OccupancyMinute> occupancy = counted.flatMap(new ToZoneEvents(new ToZoneFlows(topology), new ToZoneCounts(site)))
                .name("zone-flows")
                .uid("zone-flows")
                .keyBy(ZoneEvent::zoneId)
                .process(new OccupancyFunction(site, DEFAULT_ALLOWED_LATENESS))
                .name("occupancy")
                .uid("occupancy");
        occupancy.sinkTo(sinks.occupancy())
                .name("occupancy-sink")
                .uid("occupancy-sink");
        occupancy.getSideOutput(OccupancyFunction.CORRECTIONS)
                .sinkTo(sinks.occupancyCorrections())
                .name("occupancy-corrections-sink")
                .uid("occupancy-corrections-sink");

        // Alerts follow the minutes as they were live, not the history balanced afterwards.
        SingleOutputStreamOperator<CapacityAlert> alerts = occupancy.getSideOutput(OccupancyFunction.LIVE)
                .keyBy(OccupancyMinute::zoneId)
                .process(new AlertFunction(site, DEFAULT_ALLOWED_LATENESS))
                .name("capacity-alerts")
                .uid("capacity-alerts");
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        if (alertPublisher != null) {
            alerts.getSideOutput(AlertFunction.NOTICES).sinkTo(alertPublisher).name("alerts-mqtt").uid("alerts-mqtt");
        }

        counted.flatMap(new ToSiteEntries(topology))
                .name("site-entries")
                .uid("site-entries")
                .keyBy(SiteEntry::siteId)
                .process(new VisitorsFunction(site.timezone(), DEFAULT_ALLOWED_LATENESS))
                .name("visitors")
                .uid("visitors")
                .sinkTo(sinks.visitors())
                .name("visitors-sink")
                .uid("visitors-sink");

        // Dwell reads the same per-zone flows as occupancy, from a flat map of its own so that
        // either can change without moving the other's operators.
        SingleOutputStreamOperator<DwellDay> dwell = counted.flatMap(new ToZoneFlows(topology))
                .name("dwell-zone-flows")
                .uid("dwell-zone-flows")
                .keyBy(ZoneFlow::zoneId)
                .process(new DwellFunction(site))
                .name("dwell")
                .uid("dwell");

        // Presence tokens: sessions per token and zone, then dwell per zone-day (method tokens)
        // and the zone-to-zone transitions between one token's sessions.
        java.time.ZoneId tz = site.timezone();
        SingleOutputStreamOperator<TokenSession> sessions = fromDevices.filter(r -> r.presence() != null)
                .name("presence-sightings")
                .uid("presence-sightings")
                .keyBy(r -> r.presence().token())
                .process(new TokenSessionFunction(tz, TokenSessionFunction.DEFAULT_GAP, TokenSessionFunction.DEFAULT_TRANSITION_LIMIT))
                .name("token-sessions")
                .uid("token-sessions");
        SingleOutputStreamOperator<DwellDay> tokenDwell = sessions
                .keyBy(s -> TokenDwellFunction.key(s, tz))
                .process(new TokenDwellFunction(tz, TokenSessionFunction.DEFAULT_GAP))
                .name("token-dwell")
                .uid("token-dwell");
        // One sink per table, whichever method made a row: a CSV table is one file that one sink writes.
        dwell.union(tokenDwell).sinkTo(sinks.dwellDaily()).name("dwell-daily-sink").uid("dwell-daily-sink");
        dwell.getSideOutput(DwellFunction.HOURLY).union(tokenDwell.getSideOutput(TokenDwellFunction.HOURLY))
                .sinkTo(sinks.dwellHourly()).name("dwell-hourly-sink").uid("dwell-hourly-sink");
        sessions.getSideOutput(TokenSessionFunction.TRANSITIONS)
                .keyBy(t -> ZoneTransitionCountFunction.key(t, tz))
                .process(new ZoneTransitionCountFunction(tz, TokenSessionFunction.DEFAULT_GAP))
                .name("zone-transitions")
                .uid("zone-transitions")
                .sinkTo(sinks.zoneTransitions())
                .name("zone-transitions-sink")
                .uid("zone-transitions-sink");
    }
}
