package se.helsingborg.footfall.jobs.occupancy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Occupancy of one zone (the key), per minute, in event time (DESIGN §5): people in minus people
 * out since the last reset, never below zero, reset at the zone's daily reset time when the zone
 * is closed then; where an area counter watches the zone, its count; a manual recount re-bases it.
 *
 * <p>Flows and counts are collected per minute until the watermark passes the minute's end, so
 * readings that arrive out of order within the allowed lateness still land in their minute; then
 * the minute is closed and its row emitted. Minutes without flows between two busy minutes are
 * emitted too, with the occupancy carried over, so the series has no holes while people are inside.
 * When the zone is empty and nothing is pending, the function keeps no state for it at all (the
 * day's corrections and a live area counter excepted, each with a timer that ends it).
 *
 * <p><b>Area counters.</b> The latest area count within a minute sets the occupancy at the minute's
 * end; the minute's entries and exits still come from the gates. Between two area counts the count
 * holds: a zone gets an area counter because its gates do not tell it well (an open side, paths
 * nobody counts), so adding their flows between reports would bring back the drift the counter is
 * there to remove. A counter silent for {@link ToZoneCounts#STALE_INTERVALS} reporting intervals is
 * stale: the gates take over from its last count, so a dead camera does not freeze the zone. An
 * area count is no drift, so a zone whose counter is live is not reset at night.
 *
 * <p><b>Corrections</b> (side output {@link #CORRECTIONS}, running totals per zone and local day):
 * clamps at zero, the residual a reset found, and manual recounts with the difference they made.
 * A recount's difference is taken against what the count would have said at the end of its minute
 * without it. A recount that arrives after its minute was written is applied to the first minute
 * still open, up to {@link #MAX_RECOUNT_LATENESS} late: a recount is said about "now", and the few
 * people who came or went since are a smaller error than the drift it corrects. Older ones are
 * counted ({@code late_recounts}) and dropped; minutes already written are never rewritten.
 */
public final class OccupancyFunction extends KeyedProcessFunction<String, ZoneEvent, OccupancyMinute> {
    public static final long MINUTE = 60_000;
    public static final OutputTag<OccupancyCorrection> CORRECTIONS = new OutputTag<>("occupancy-corrections") {};
    /** How late a recount may arrive and still be applied (to the first minute not yet written). */
    public static final Duration MAX_RECOUNT_LATENESS = Duration.ofMinutes(5);
    /** Longer quiet spells are not filled minute by minute; the zone's resets still apply. */
    private static final long MAX_FILL = Duration.ofDays(1).toMillis();

    private final SiteModel site;
    private transient MapState<Long, PendingMinute> pending;
    private transient ValueState<Integer> occupancy;
    private transient ValueState<Long> lastClosedMinute;
    /** The latest area count applied, while its counter is not stale. */
    private transient ValueState<ZoneCount> area;
    /** Today's corrections so far. */
    private transient ValueState<OccupancyCorrection> corrections;
    private transient Counter lateFlows;
    private transient Counter lateCounts;
    private transient Counter lateRecounts;
    private transient Counter clamps;
    private transient Counter recounts;

    public OccupancyFunction(SiteModel site) {
        this.site = site;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-minutes", Long.class, PendingMinute.class));
        occupancy = getRuntimeContext().getState(new ValueStateDescriptor<>("occupancy", Integer.class));
        lastClosedMinute = getRuntimeContext().getState(new ValueStateDescriptor<>("lastClosedMinute", Long.class));
        area = getRuntimeContext().getState(new ValueStateDescriptor<>("area-count", ZoneCount.class));
        corrections = getRuntimeContext().getState(new ValueStateDescriptor<>("corrections", OccupancyCorrection.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("occupancy");
        lateFlows = metrics.counter("late_flows");
        lateCounts = metrics.counter("late_counts");
        lateRecounts = metrics.counter("late_recounts");
        clamps = metrics.counter("clamps");
        recounts = metrics.counter("recounts");
    }

    /** The minute a period count belongs to: the one holding the period's last instant. */
    public static long minuteOf(long periodEnd) {
        return Math.floorDiv(periodEnd - 1, MINUTE) * MINUTE;
    }

    @Override
    public void processElement(ZoneEvent event, Context ctx, Collector<OccupancyMinute> out) throws Exception {
        ZoneFlow flow = event.flow();
        ZoneCount count = event.count();
        long minute = flow != null ? minuteOf(flow.periodEnd()) : Math.floorDiv(count.time(), MINUTE) * MINUTE;
        Long closed = lastClosedMinute.value();
        long watermark = ctx.timerService().currentWatermark();
        if ((closed != null && minute <= closed) || minute + MINUTE - 1 <= watermark) {
            // Later than the allowed lateness: its minute is already written.
            if (flow != null) {
                lateFlows.inc(); // counted, not applied
                return;
            }
            if (!count.recount()) {
                lateCounts.inc(); // a newer area count will come
                return;
            }
            long open = Math.floorDiv(watermark + 1, MINUTE) * MINUTE;
            if (closed != null) {
                open = Math.max(open, closed + MINUTE);
            }
            if (open - count.time() > MAX_RECOUNT_LATENESS.toMillis()) {
                lateRecounts.inc();
                return;
            }
            minute = open;
            count = new ZoneCount(count.zoneId(), open, count.count(), true, 0);
        }
        PendingMinute sum = pending.get(minute);
        sum = sum == null ? PendingMinute.EMPTY : sum;
        pending.put(minute, flow != null ? sum.plusFlow(flow.entries(), flow.exits()) : sum.withCount(count));
        ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OccupancyMinute> out) throws Exception {
        long minute = timestamp + 1 - MINUTE;
        PendingMinute p = pending.get(minute);
        if (p != null) {
            pending.remove(minute);
            close(site.zone(ctx.getCurrentKey()), minute, p, ctx, out);
        }
        ZoneCount last = area.value();
        if (last != null && timestamp >= last.time() + last.staleAfterMs()) {
            area.clear(); // the counter went quiet: the gates count on from here
        }
        OccupancyCorrection today = corrections.value();
        if (today != null && timestamp >= endOf(today.day()) - 1) {
            corrections.clear(); // its row is written; tomorrow starts from nothing
        }
    }

    private void close(Zone zone, long minute, PendingMinute p, OnTimerContext ctx, Collector<OccupancyMinute> out)
            throws Exception {
        int current = occupancy.value() == null ? 0 : occupancy.value();
        ZoneCount counter = area.value();
        Long closed = lastClosedMinute.value();
        if (closed != null) {
            boolean fill = minute - closed <= MAX_FILL;
            for (long m = closed + MINUTE; m < minute; m += MINUTE) {
                int before = current;
                current = resetIfDue(zone, m, current, counter, ctx);
                if (fill && before > 0) {
                    // An empty quiet minute has no row, as in close(): whether the state was still
                    // held when it passed depends on watermark timing, the row would not. The
                    // minute a reset empties the zone has its row, so the series shows the drop.
                    out.collect(new OccupancyMinute(zone.id(), Instant.ofEpochMilli(m), current, current, 0, 0));
                }
            }
        }
        current = resetIfDue(zone, minute, current, counter, ctx);
        int start = current;
        boolean holding = fresh(counter, minute + MINUTE);
        long gates = (long) start + p.entries() - p.exits();
        int gateEnd = (int) Math.max(0, Math.min(gates, Integer.MAX_VALUE));
        boolean areaSets = p.hasArea() && (!p.hasRecount() || p.areaTime() > p.recountTime());
        int end;
        if (areaSets) {
            end = p.areaCount();
        } else if (p.hasRecount()) {
            end = p.recount();
        } else if (holding) {
            end = start;
        } else {
            end = gateEnd;
            if (gates < 0) {
                clamps.inc(); // more out than in: the counters drifted; never report negative people
                correct(zone, minute, ctx, OccupancyCorrection::clamped);
            }
        }
        if (p.hasRecount()) {
            int without = p.hasArea() && p.areaTime() <= p.recountTime() ? p.areaCount() : holding ? start : gateEnd;
            int difference = p.recount() - without;
            recounts.inc();
            correct(zone, minute, ctx, c -> c.anchored(difference));
        }
        if (p.hasArea()) {
            ZoneCount latest = new ZoneCount(zone.id(), p.areaTime(), p.areaCount(), false, p.areaStaleAfterMs());
            area.update(latest);
            long staleAt = latest.time() + latest.staleAfterMs();
            ctx.timerService().registerEventTimeTimer(Math.floorDiv(staleAt, MINUTE) * MINUTE + MINUTE - 1);
        }
        int max = Math.max(Math.max(start, end), p.hasArea() ? p.areaMax() : 0);
        if (max > 0 || p.entries() > 0 || p.exits() > 0) {
            // a zone that was and stayed empty with nobody passing has no row (an area counter saying 0)
            out.collect(new OccupancyMinute(zone.id(), Instant.ofEpochMilli(minute), end, max, (int) p.entries(), (int) p.exits()));
        }

        if (end == 0 && pending.isEmpty()) {
            occupancy.clear();
            lastClosedMinute.clear();
        } else {
            occupancy.update(end);
            lastClosedMinute.update(minute);
        }
    }

    /** Whether an area count still holds the zone at {@code time}: its counter has not gone quiet. */
    private static boolean fresh(ZoneCount counter, long time) {
        return counter != null && time - counter.time() <= counter.staleAfterMs();
    }

    /**
     * Zero at the start of the zone's reset minute when the zone is closed then (DESIGN §5); the
     * people it still counted are the day's residual. Not while an area counter holds the zone.
     */
    private int resetIfDue(Zone zone, long minute, int current, ZoneCount counter, OnTimerContext ctx) throws Exception {
        if (current == 0 || fresh(counter, minute)) {
            return current;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        boolean resetMinute = local.toLocalTime().withSecond(0).withNano(0).equals(zone.reset());
        if (resetMinute && !zone.hours().isOpen(local)) {
            int residual = current;
            correct(zone, minute, ctx, c -> c.reset(residual));
            return 0;
        }
        return current;
    }

    /** Adds a correction to the day of {@code minute} and emits the day's totals so far. */
    private void correct(Zone zone, long minute, OnTimerContext ctx,
            java.util.function.UnaryOperator<OccupancyCorrection> change) throws Exception {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        OccupancyCorrection today = corrections.value();
        if (today == null || !today.day().equals(day)) {
            today = OccupancyCorrection.none(zone.id(), day);
        }
        today = change.apply(today);
        corrections.update(today);
        ctx.output(CORRECTIONS, today);
        // kept to the day's end so a later correction adds to the totals instead of starting over
        ctx.timerService().registerEventTimeTimer(endOf(day) - 1);
    }

    /** The first instant of the next local day, epoch millis. */
    private long endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
    }
}
