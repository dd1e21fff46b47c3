package se.helsingborg.footfall.jobs.dwell;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;
import se.helsingborg.footfall.jobs.occupancy.OccupancyFunction;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;

/**
 * Dwell in one zone (the key) per day of the zone ({@link DwellDays}: reset to reset), in event
 * time, from its flows alone (DESIGN §5): the Little's-law mean, and mean, median and 90th
 * percentile of the stays by first-in-first-out matching and by deconvolution, for the day and by
 * hour of entry ({@link DwellCurves}, {@link DwellDeconvolution}).
 *
 * <p>A count of a period longer than a minute (crossings recovered after a counter was offline)
 * is spread over the minutes of its period ({@link PeriodMinutes}), not put in its last minute.
 * Such counts are kept as they came, summed per period, and spread only when the day is worked
 * out: a withdrawal (line recovery moving some of a gap's recovered crossings to a late period
 * count's own minute) then takes them out of the very sum they were in, and the day comes out as
 * if the late count had come before the recovery, whichever came first.
 *
 * <p>The state is the day's entries and exits per minute, never per person: at most 1440 small
 * entries per zone and open day. When the watermark passes the day's end, the day is computed,
 * its rows are emitted (the daily ones here, the hourly ones to {@link #HOURLY}) and its minutes
 * are dropped. A day with deconvolution's figures keeps its curves ({@link PooledDay}) for the
 * days of the week after it, which find their distribution of stays with them; a timer forgets
 * them once that week has passed, so a zone with no flows since then keeps no state and no timer
 * (a replay pools only the days it holds). Before that, at the
 * end of every hour with flows, the day so far is emitted as provisional rows under the same keys
 * (people still inside count until then; stays not yet ended are not in FIFO's figures), which
 * the day's final rows overwrite; deconvolution's rows come with the final ones only. The rows are upserts
 * on their keys, so a replay overwrites them. A day whose counts do not end level (missed
 * crossings) has its curves balanced before its final figures are worked out; provisional rows
 * are not, since people may really be inside then. Flows of a day already closed are counted
 * ({@code footfall.dwell.late_flows}) and left out. Presence tokens give per-person sessions
 * (method {@code tokens}) in {@code jobs.tokens} instead.
 */
public final class DwellFunction extends KeyedProcessFunction<String, ZoneFlow, DwellDay> {
    public static final OutputTag<DwellHour> HOURLY = new OutputTag<>("dwell-hourly") {};
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;
    /**
     * How far back a day's curves are pooled: days ending within this before the day's end. Its
     * timer, at a day's end plus this, is the one at a minute's start rather than its last
     * millisecond.
     */
    static final long POOL_SPAN = (DwellDeconvolution.POOLED_DAYS - 1) * DAY + HOUR;

    private final SiteModel site;
    private final DwellDays days;
    private final boolean balanced;
    private transient MapState<Long, MinuteFlow> minutes;
    /** Counts of periods longer than a minute, by period end and length, not yet spread. */
    private transient MapState<Tuple2<Long, Long>, MinuteFlow> periods;
    /**
     * The zone's last days with deconvolution's figures, by day end, for the days after them to
     * find their distribution of stays with ({@link DwellDeconvolution#POOLED_DAYS}).
     */
    private transient MapState<Long, PooledDay> pooledDays;
    private transient Counter lateFlows;
    private transient Counter clampedExits;
    private transient Counter unmatchedEntries;

    /** Dwell as the job writes it: a day that is over is balanced first ({@link DwellCurves#balanced}). */
    public DwellFunction(SiteModel site) {
        this(site, true);
    }

    private DwellFunction(SiteModel site, boolean balanced) {
        this.site = site;
        this.days = new DwellDays(site.timezone());
        this.balanced = balanced;
    }

    /**
     * Dwell from the counts exactly as they came, drift and all: what the rules for clamped exits
     * and people left inside give on their own, before any balancing (their tests use it).
     */
    public static DwellFunction asCounted(SiteModel site) {
        return new DwellFunction(site, false);
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Long.class, MinuteFlow.class));
        periods = getRuntimeContext().getMapState(new MapStateDescriptor<>("periods",
                Types.TUPLE(Types.LONG, Types.LONG), TypeInformation.of(MinuteFlow.class)));
        pooledDays = getRuntimeContext().getMapState(new MapStateDescriptor<>("pooled-days", Long.class, PooledDay.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("dwell");
        lateFlows = metrics.counter("late_flows");
        clampedExits = metrics.counter("clamped_exits");
        unmatchedEntries = metrics.counter("unmatched_entries");
    }

    @Override
    public void processElement(ZoneFlow flow, Context ctx, Collector<DwellDay> out) throws Exception {
        Zone zone = site.zone(ctx.getCurrentKey());
        long minute = OccupancyFunction.minuteOf(flow.periodEnd());
        long dayEnd = days.endOf(zone, days.dayOf(zone, minute));
        if (dayEnd - 1 <= ctx.timerService().currentWatermark()) {
            lateFlows.inc(); // its day is written and its minutes gone
            return;
        }
        boolean spreads = flow.periodMillis() > 0
                && Math.floorDiv(flow.periodEnd() - flow.periodMillis(), OccupancyFunction.MINUTE) * OccupancyFunction.MINUTE < minute;
        if (spreads) {
            Tuple2<Long, Long> period = Tuple2.of(flow.periodEnd(), flow.periodMillis());
            MinuteFlow sum = periods.get(period);
            periods.put(period, sum == null ? new MinuteFlow(flow.entries(), flow.exits()) : sum.plus(flow.entries(), flow.exits()));
        } else {
            add(minutes, minute, new MinuteFlow(flow.entries(), flow.exits()));
        }
        ctx.timerService().registerEventTimeTimer(dayEnd - 1);
        long hourEnd = Math.floorDiv(minute, HOUR) * HOUR + HOUR;
        if (hourEnd < dayEnd) {
            ctx.timerService().registerEventTimeTimer(hourEnd - 1); // the day so far, provisional
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DwellDay> out) throws Exception {
        if (Math.floorMod(timestamp + 1, OccupancyFunction.MINUTE) != 0) {
            forgetPooledDaysBefore(timestamp - POOL_SPAN); // the only timer not at a minute's last millisecond
            return;
        }
        Zone zone = site.zone(ctx.getCurrentKey());
        LocalDate day = days.dayOf(zone, timestamp);
        long start = days.startOf(zone, day);
        boolean closing = timestamp + 1 == days.endOf(zone, day);
        TreeMap<Long, MinuteFlow> ofDay = new TreeMap<>();
        List<Long> done = new ArrayList<>();
        for (Map.Entry<Long, MinuteFlow> e : minutes.entries()) {
            if (e.getKey() <= timestamp) {
                done.add(e.getKey());
                if (e.getKey() >= start) {
                    ofDay.put(e.getKey(), e.getValue());
                }
            }
        }
        List<Tuple2<Long, Long>> spread = new ArrayList<>();
        List<DwellCurves.Spread> spreadOver = new ArrayList<>();
        for (Map.Entry<Tuple2<Long, Long>, MinuteFlow> e : periods.entries()) {
            long end = e.getKey().f0;
            if (OccupancyFunction.minuteOf(end) <= timestamp) {
                spread.add(e.getKey());
                ZoneFlow flow = new ZoneFlow(zone.id(), end, e.getValue().entries(), e.getValue().exits(), e.getKey().f1);
                long notBefore = days.startOf(zone, days.dayOf(zone, OccupancyFunction.minuteOf(end)));
                for (Map.Entry<Long, MinuteFlow> m : PeriodMinutes.of(flow, notBefore).entrySet()) {
                    if (m.getKey() >= start) {
                        ofDay.merge(m.getKey(), m.getValue(), (a, b) -> a.plus(b.entries(), b.exits()));
                    }
                }
                PeriodMinutes.span(flow, Math.max(notBefore, start)).ifPresent(spreadOver::add);
            }
        }
        if (closing) {
            for (Long m : done) {
                minutes.remove(m);
            }
            for (Tuple2<Long, Long> p : spread) {
                periods.remove(p);
            }
        }
        if (ofDay.isEmpty()) {
            return;
        }
        // Deconvolution only once the day is over: it takes far longer than the rest, and a day
        // cut off with people inside says little about stays yet.
        List<PooledDay> earlier = new ArrayList<>();
        if (closing) {
            for (Map.Entry<Long, PooledDay> e : pooledDays.entries()) {
                if (e.getKey() <= timestamp && e.getKey() > timestamp + 1 - POOL_SPAN) {
                    earlier.add(e.getValue());
                }
            }
            // In time order, whatever order the state backend keeps them in: sums of doubles
            // taken in another order could differ in their last digits.
            earlier.sort(Comparator.comparingLong(PooledDay::first));
        }
        DwellCurves.Result r = DwellCurves.of(ofDay, timestamp + 1, m -> open(zone, m), site.timezone(), balanced && closing,
                closing, spreadOver, earlier);
        if (r.pooled() != null) {
            keepPooledDay(timestamp + 1, r.pooled(), ctx);
        }
        if (closing) {
            clampedExits.inc(r.clampedExits());
            unmatchedEntries.inc(r.unmatchedEntries());
        }
        out.collect(row(zone, day, DwellDay.LITTLES_LAW, r.littlesLaw()));
        out.collect(row(zone, day, DwellDay.FIFO, r.fifo()));
        r.fifoByEntryHour().forEach((hour, f) -> ctx.output(HOURLY, hour(zone, day, hour, DwellDay.FIFO, f)));
        if (closing) {
            out.collect(row(zone, day, DwellDay.DECONVOLUTION, r.deconvolution()));
            r.deconvolutionByEntryHour().forEach((hour, f) -> ctx.output(HOURLY, hour(zone, day, hour, DwellDay.DECONVOLUTION, f)));
        }
    }

    /**
     * Keeps a day's curves for the days within {@link #POOL_SPAN} after it, and forgets those that
     * no later day can use. A timer forgets the last ones once the span has passed, so a zone whose
     * flows stop keeps none for good.
     */
    private void keepPooledDay(long dayEnd, PooledDay day, Context ctx) throws Exception {
        long newest = Long.MIN_VALUE;
        for (Long end : pooledDays.keys()) {
            newest = Math.max(newest, end);
        }
        if (newest != Long.MIN_VALUE && newest < dayEnd) {
            ctx.timerService().deleteEventTimeTimer(newest + POOL_SPAN);
        }
        pooledDays.put(dayEnd, day);
        forgetPooledDaysBefore(dayEnd - POOL_SPAN);
        ctx.timerService().registerEventTimeTimer(Math.max(newest, dayEnd) + POOL_SPAN);
    }

    private void forgetPooledDaysBefore(long end) throws Exception {
        List<Long> old = new ArrayList<>();
        for (Long dayEnd : pooledDays.keys()) {
            if (dayEnd <= end) {
                old.add(dayEnd);
            }
        }
        for (Long dayEnd : old) {
            pooledDays.remove(dayEnd);
        }
    }

    private static void add(MapState<Long, MinuteFlow> minutes, long minute, MinuteFlow flow) throws Exception {
        MinuteFlow sum = minutes.get(minute);
        minutes.put(minute, sum == null ? flow : sum.plus(flow.entries(), flow.exits()));
    }

    /**
     * Whether people can be in the zone in the minute: it and every zone it lies in are open. A
     * room of the library has no hours of its own, but nobody is in it once the library has closed.
     */
    private boolean open(Zone zone, long minute) {
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        return site.ancestorsOrSelf(zone.id()).stream().allMatch(z -> z.hours().isOpen(local));
    }

    private static DwellHour hour(Zone zone, LocalDate day, int hour, String method, DwellCurves.Figures f) {
        return new DwellHour(zone.id(), day, hour, method, f.visits(), f.meanSeconds(), f.medianSeconds(), f.p90Seconds());
    }

    private static DwellDay row(Zone zone, LocalDate day, String method, DwellCurves.Figures f) {
        return new DwellDay(zone.id(), day, method, f.visits(), f.meanSeconds(), f.medianSeconds(), f.p90Seconds());
    }
}
