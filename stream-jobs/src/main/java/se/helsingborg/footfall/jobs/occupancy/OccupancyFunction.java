package se.helsingborg.footfall.jobs.occupancy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Occupancy of one zone (the key), per minute, in event time (DESIGN §5): people in minus people
 * out since the last reset, never below zero, reset at the zone's daily reset time when the zone
 * is closed then.
 *
 * <p>Flows are collected per minute until the watermark passes the minute's end, so readings that
 * arrive out of order within the allowed lateness still land in their minute; then the minute is
 * closed and its row emitted. Minutes without flows between two busy minutes are emitted too, with
 * the occupancy carried over, so the series has no holes while people are inside. When the zone is
 * empty and nothing is pending, the function keeps no state for it at all.
 */
public final class OccupancyFunction extends KeyedProcessFunction<String, ZoneFlow, OccupancyMinute> {
    public static final long MINUTE = 60_000;
    /** Longer quiet spells are not filled minute by minute; the zone's resets still apply. */
    private static final long MAX_FILL = Duration.ofDays(1).toMillis();

    private final SiteModel site;
    private transient MapState<Long, MinuteFlow> pending;
    private transient ValueState<Integer> occupancy;
    private transient ValueState<Long> lastClosedMinute;
    private transient Counter lateFlows;
    private transient Counter clamps;

    public OccupancyFunction(SiteModel site) {
        this.site = site;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Long.class, MinuteFlow.class));
        occupancy = getRuntimeContext().getState(new ValueStateDescriptor<>("occupancy", Integer.class));
        lastClosedMinute = getRuntimeContext().getState(new ValueStateDescriptor<>("lastClosedMinute", Long.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("occupancy");
        lateFlows = metrics.counter("late_flows");
        clamps = metrics.counter("clamps");
    }

    /** The minute a period count belongs to: the one holding the period's last instant. */
    public static long minuteOf(long periodEnd) {
        return Math.floorDiv(periodEnd - 1, MINUTE) * MINUTE;
    }

    @Override
    public void processElement(ZoneFlow flow, Context ctx, Collector<OccupancyMinute> out) throws Exception {
        long minute = minuteOf(flow.periodEnd());
        Long closed = lastClosedMinute.value();
        if ((closed != null && minute <= closed) || minute + MINUTE - 1 <= ctx.timerService().currentWatermark()) {
            // Later than the allowed lateness: its minute is already written. Counted, not applied.
            lateFlows.inc();
            return;
        }
        MinuteFlow sum = pending.get(minute);
        pending.put(minute, sum == null ? new MinuteFlow(flow.entries(), flow.exits()) : sum.plus(flow.entries(), flow.exits()));
        ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OccupancyMinute> out) throws Exception {
        long minute = timestamp + 1 - MINUTE;
        MinuteFlow flow = pending.get(minute);
        if (flow == null) {
            return;
        }
        pending.remove(minute);
        Zone zone = site.zone(ctx.getCurrentKey());
        int current = occupancy.value() == null ? 0 : occupancy.value();
        Long closed = lastClosedMinute.value();
        if (closed != null) {
            boolean fill = minute - closed <= MAX_FILL;
            for (long m = closed + MINUTE; m < minute; m += MINUTE) {
                current = resetIfDue(zone, m, current);
                if (fill) {
                    out.collect(new OccupancyMinute(zone.id(), Instant.ofEpochMilli(m), current, current, 0, 0));
                }
            }
        }
        current = resetIfDue(zone, minute, current);
        int start = current;
        long next = current + flow.entries() - flow.exits();
        if (next < 0) {
            clamps.inc(); // more out than in: the counters drifted; never report negative people
            next = 0;
        }
        current = (int) Math.min(next, Integer.MAX_VALUE);
        out.collect(new OccupancyMinute(zone.id(), Instant.ofEpochMilli(minute), current, Math.max(start, current),
                (int) flow.entries(), (int) flow.exits()));

        if (current == 0 && pending.isEmpty()) {
            occupancy.clear();
            lastClosedMinute.clear();
        } else {
            occupancy.update(current);
            lastClosedMinute.update(minute);
        }
    }

    /** Zero at the start of the zone's reset minute when the zone is closed then (DESIGN §5). */
    private int resetIfDue(Zone zone, long minute, int current) {
        if (current == 0) {
            return 0;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        boolean resetMinute = local.toLocalTime().withSecond(0).withNano(0).equals(zone.reset());
        return resetMinute && !zone.hours().isOpen(local) ? 0 : current;
    }
}
