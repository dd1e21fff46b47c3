package se.helsingborg.footfall.jobs;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;
import se.helsingborg.footfall.jobs.occupancy.OccupancyFunction;
import se.helsingborg.footfall.storage.results.GateMinute;

/**
 * People through one gate (the key) per minute, in event time. A period count lands in the minute
 * holding the period's end, as for occupancy, so a gate's minutes add up to the zones' flows.
 * A minute is written once the watermark passes it; a minute without crossings has no row, and a
 * gate with nothing pending keeps no state.
 */
public final class GateCountsFunction extends KeyedProcessFunction<String, GateFlow, GateMinute> {
    private transient MapState<Long, MinuteFlow> pending;
    private transient Counter lateFlows;

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Long.class, MinuteFlow.class));
        lateFlows = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("gates").counter("late_flows");
    }

    @Override
    public void processElement(GateFlow flow, Context ctx, Collector<GateMinute> out) throws Exception {
        long minute = OccupancyFunction.minuteOf(flow.periodEnd());
        if (minute + OccupancyFunction.MINUTE - 1 <= ctx.timerService().currentWatermark()) {
            lateFlows.inc(); // its minute is already written
            return;
        }
        MinuteFlow sum = pending.get(minute);
        pending.put(minute, sum == null ? new MinuteFlow(flow.entries(), flow.exits()) : sum.plus(flow.entries(), flow.exits()));
        ctx.timerService().registerEventTimeTimer(minute + OccupancyFunction.MINUTE - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GateMinute> out) throws Exception {
        long minute = timestamp + 1 - OccupancyFunction.MINUTE;
        MinuteFlow flow = pending.get(minute);
        if (flow != null) {
            pending.remove(minute);
            out.collect(new GateMinute(ctx.getCurrentKey(), Instant.ofEpochMilli(minute),
                    (int) Math.min(flow.entries(), Integer.MAX_VALUE), (int) Math.min(flow.exits(), Integer.MAX_VALUE)));
        }
    }
}
