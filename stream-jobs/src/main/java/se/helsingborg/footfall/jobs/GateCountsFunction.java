package se.helsingborg.footfall.jobs;

import java.time.Duration;
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
 * A minute is written once the watermark passes it; a minute without crossings has no row.
 *
 * <p>A written minute's sums are kept for the allowed lateness after it: a late flow within it
 * adds to its own minute and the minute's row is written again (the sinks upsert), so a late
 * reading counts where it would have counted on time. A withdrawal (negative counts, see
 * {@link ToGateFlows}) takes crossings out of a minute the same way; a written minute it empties
 * (0 in, 0 out) is retracted ({@link GateMinute#retraction}), so it has no row, as when the
 * withdrawal comes before the minute is written. Flows later than that are
 * counted ({@code late_flows}) and dropped; the duplicate filter already rejects such readings, so
 * this is a safeguard. A gate whose minutes have all passed the lateness keeps no state.
 *
 * <p>The part of a minute's crossings that was estimated, not counted (a reboot in a silence,
 * see {@code LostCrossings}), is summed beside it and written in the row's estimated columns. It
 * has a state of its own, holding only the rare minutes with an estimate.
 */
public final class GateCountsFunction extends KeyedProcessFunction<String, GateFlow, GateMinute> {
    private static final long MINUTE = OccupancyFunction.MINUTE;

    private final long latenessMs;
    /** Sums of the minutes not yet written and of those written within the lateness. */
    private transient MapState<Long, MinuteFlow> minutes;
    /** The estimated part of those sums, for the minutes that have one. */
    private transient MapState<Long, MinuteFlow> estimated;
    private transient Counter lateFlows;
    private transient Counter rewritten;

    public GateCountsFunction(Duration allowedLateness) {
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        minutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("minutes", Long.class, MinuteFlow.class));
        estimated = getRuntimeContext().getMapState(new MapStateDescriptor<>("estimated", Long.class, MinuteFlow.class));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("gates");
        lateFlows = metrics.counter("late_flows");
        rewritten = metrics.counter("rewritten_minutes");
    }

    /** When a minute's sums are dropped: past it, no flow for it can come through the duplicate filter. */
    private long forgetAt(long minute) {
        return minute + MINUTE + latenessMs;
    }

    @Override
    public void processElement(GateFlow flow, Context ctx, Collector<GateMinute> out) throws Exception {
        long minute = OccupancyFunction.minuteOf(flow.periodEnd());
        long watermark = ctx.timerService().currentWatermark();
        if (forgetAt(minute) <= watermark) {
            lateFlows.inc(); // later than the allowed lateness: its minute's sums are gone
            return;
        }
        MinuteFlow before = minutes.get(minute);
        MinuteFlow sum = before == null ? new MinuteFlow(flow.entries(), flow.exits()) : before.plus(flow.entries(), flow.exits());
        minutes.put(minute, sum);
        if (flow.estimatedEntries() != 0 || flow.estimatedExits() != 0) {
            MinuteFlow guessed = estimated.get(minute);
            estimated.put(minute, guessed == null ? new MinuteFlow(flow.estimatedEntries(), flow.estimatedExits())
                    : guessed.plus(flow.estimatedEntries(), flow.estimatedExits()));
        }
        ctx.timerService().registerEventTimeTimer(forgetAt(minute));
        if (minute + MINUTE - 1 <= watermark) {
            // written already (or passed without crossings): write it again as it is now, or,
            // emptied, take back the row it had (a minute never written and still empty has none)
            if (!empty(sum)) {
                rewritten.inc();
                out.collect(row(ctx.getCurrentKey(), minute, sum, estimated.get(minute)));
            } else if (!empty(before)) {
                rewritten.inc();
                out.collect(GateMinute.retraction(ctx.getCurrentKey(), Instant.ofEpochMilli(minute)));
            }
        } else {
            ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GateMinute> out) throws Exception {
        // A timer either writes the minute it ends or forgets one the lateness has passed (or both).
        long ending = timestamp + 1 - MINUTE;
        MinuteFlow flow = Math.floorMod(ending, MINUTE) == 0 ? minutes.get(ending) : null;
        if (!empty(flow)) {
            out.collect(row(ctx.getCurrentKey(), ending, flow, estimated.get(ending)));
        }
        long forgotten = timestamp - MINUTE - latenessMs;
        if (Math.floorMod(forgotten, MINUTE) == 0) {
            minutes.remove(forgotten);
            estimated.remove(forgotten);
        }
    }

    private static boolean empty(MinuteFlow flow) {
        return flow == null || (flow.entries() == 0 && flow.exits() == 0);
    }

    private static GateMinute row(String gate, long minute, MinuteFlow flow, MinuteFlow estimated) {
        return new GateMinute(gate, Instant.ofEpochMilli(minute), count(flow.entries()), count(flow.exits()),
                estimated == null ? 0 : count(estimated.entries()), estimated == null ? 0 : count(estimated.exits()));
    }

    private static int count(long n) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(n, Integer.MAX_VALUE));
    }
}
