package se.helsingborg.footfall.jobs.tokens;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;

/**
 * The origin–destination table of presence tokens: transitions per (from zone, to zone, local
 * day) ({@link #key}), each one emitted as the day's running count, an upsert that the next one
 * overwrites. The count is kept until the watermark passes the day's midnight by the session gap,
 * when every session of the day's tokens, and so every transition, has closed; then the key has no
 * state and no timer. A transition later than that is counted ({@code footfall.tokens.late_transitions})
 * and left out, so it cannot restart the count from zero and overwrite the day's row with less.
 */
public final class ZoneTransitionCountFunction extends KeyedProcessFunction<String, ZoneTransition, ZoneTransitionDay> {
    private final TokenDays days;
    private final long gap;
    private transient ValueState<Integer> count;
    private transient Counter lateTransitions;

    public ZoneTransitionCountFunction(ZoneId timezone, Duration gap) {
        this.days = new TokenDays(timezone);
        this.gap = gap.toMillis();
    }

    public static String key(ZoneTransition t, ZoneId timezone) {
        return t.fromZone() + "\u0000" + t.toZone() + "\u0000" + LocalDate.ofInstant(java.time.Instant.ofEpochMilli(t.at()), timezone);
    }

    @Override
    public void open(OpenContext openContext) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("transitions", Integer.class));
        lateTransitions = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("tokens").counter("late_transitions");
    }

    @Override
    public void processElement(ZoneTransition t, Context ctx, Collector<ZoneTransitionDay> out) throws Exception {
        LocalDate day = days.dayOf(t.at());
        long settled = days.endOf(day) + gap;
        if (settled <= ctx.timerService().currentWatermark()) {
            lateTransitions.inc();
            return;
        }
        Integer before = count.value();
        int now = (before == null ? 0 : before) + 1;
        count.update(now);
        ctx.timerService().registerEventTimeTimer(settled);
        out.collect(new ZoneTransitionDay(t.fromZone(), t.toZone(), day, now));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ZoneTransitionDay> out) {
        count.clear();
    }
}
