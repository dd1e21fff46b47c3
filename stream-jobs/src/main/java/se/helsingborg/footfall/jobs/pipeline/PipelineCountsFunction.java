package se.helsingborg.footfall.jobs.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.storage.results.PipelineMinute;

/**
 * The pipeline's own counts per minute of reception (the key, epoch milliseconds): adds up what the
 * decoder and the duplicate filter report of each message and reading, and emits the minute's
 * running totals, which the sink upserts, so the last row written is the whole minute.
 *
 * <p>Counts are by reception, not event time, and come from before the job assigns event time, so
 * no watermark can say when a minute is complete. A minute's traffic arrives together (a replay
 * reads its file in reception order; live, reception is about now, and a redelivery after a restart
 * finds the minute in the restored state), so its totals are kept for {@link #RETENTION} of
 * processing time after its last count, then dropped with their timer: the state is a row and a
 * timer per minute received in the last day.
 */
public final class PipelineCountsFunction extends KeyedProcessFunction<Long, PipelineMinute, PipelineMinute> {
    public static final Duration RETENTION = Duration.ofDays(1);

    private transient ValueState<PipelineMinute> totals;
    private transient ValueState<Long> expiry;

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(new ValueStateDescriptor<>("totals", PipelineMinute.class));
        expiry = getRuntimeContext().getState(new ValueStateDescriptor<>("expiry", Long.class));
    }

    @Override
    public void processElement(PipelineMinute counts, Context ctx, Collector<PipelineMinute> out) throws Exception {
        PipelineMinute before = totals.value();
        PipelineMinute now = before == null ? counts : before.plus(counts);
        totals.update(now);
        out.collect(now);
        Long timer = expiry.value();
        if (timer != null) {
            ctx.timerService().deleteProcessingTimeTimer(timer);
        }
        long due = ctx.timerService().currentProcessingTime() + RETENTION.toMillis();
        ctx.timerService().registerProcessingTimeTimer(due);
        expiry.update(due);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PipelineMinute> out) {
        totals.clear();
        expiry.clear();
    }
}
