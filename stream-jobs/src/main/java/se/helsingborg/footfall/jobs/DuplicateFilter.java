package se.helsingborg.footfall.jobs;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.results.PipelineMinute;

/**
 * Drops readings seen before, keyed by {@link Reading#identity()} (device, frame counter, part of
 * the message): LoRaWAN retransmissions and MQTT redeliveries after a restart (DESIGN §6).
 *
 * <p>A frame counter starts again when a device rejoins, so the same identity with an event time
 * further than {@code window} from the first is a new message, not a duplicate. What is remembered
 * is forgotten once the watermark is a window past it, so the filter's state stays small.
 *
 * <p>A reading that old can therefore no longer be told from one already counted, and is dropped
 * as late. That matters after a restart: the broker redelivers every message whose acknowledgement
 * had not gone out, however old, while Flink starts the watermark afresh. The filter checkpoints the
 * watermark it had reached, and keeps judging lateness by it after a restore.
 *
 * <p>The window is so the job's allowed lateness: a reading dropped as late is counted
 * ({@code footfall.ingest.late}) and goes to {@link #TOO_LATE} for the rejected-messages table
 * (reason {@code too_late}), never silently.
 */
public final class DuplicateFilter extends KeyedProcessFunction<String, Reading, Reading> implements CheckpointedFunction {
    public static final OutputTag<RejectedMessage> TOO_LATE = new OutputTag<>("too-late") {};
    /** Duplicates and readings too late, counted in the minute of their reception. */
    public static final OutputTag<PipelineMinute> COUNTS = new OutputTag<>("duplicate-counts") {};

    private final long windowMillis;
    private transient ValueState<Long> firstSeen;
    private transient Counter duplicates;
    private transient Counter late;
    private transient ListState<Long> checkpointedWatermark;
    /** The watermark the job had reached before a restore (Flink restarts it from nothing). */
    private long restoredWatermark = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;

    public DuplicateFilter(Duration window) {
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("firstSeen", Long.class));
        var ingest = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("ingest");
        duplicates = ingest.counter("duplicates");
        late = ingest.counter("late");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointedWatermark = context.getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>("watermark", Types.LONG));
        if (context.isRestored()) {
            // Every parallel instance gets every instance's value: the lowest is safe for all.
            long lowest = Long.MAX_VALUE;
            for (Long w : checkpointedWatermark.get()) {
                lowest = Math.min(lowest, w);
            }
            restoredWatermark = lowest == Long.MAX_VALUE ? Long.MIN_VALUE : lowest;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        checkpointedWatermark.update(List.of(Math.max(watermark, restoredWatermark)));
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
        long time = reading.eventTime().toEpochMilli();
        watermark = Math.max(watermark, ctx.timerService().currentWatermark());
        long judgedBy = Math.max(watermark, restoredWatermark);
        if (time + windowMillis <= judgedBy) {
            late.inc(); // whatever was remembered of it is forgotten: it may have been counted
            ctx.output(TOO_LATE, TooLate.of(reading, judgedBy, Duration.ofMillis(windowMillis)));
            ctx.output(COUNTS, PipelineMinute.tooLate(reading.receivedTime()));
            return;
        }
        Long seen = firstSeen.value();
        if (seen != null && Math.abs(time - seen) <= windowMillis) {
            duplicates.inc();
            ctx.output(COUNTS, PipelineMinute.duplicate(reading.receivedTime()));
            return;
        }
        firstSeen.update(time);
        ctx.timerService().registerEventTimeTimer(time + windowMillis);
        out.collect(reading);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        watermark = Math.max(watermark, ctx.timerService().currentWatermark());
        Long seen = firstSeen.value();
        if (seen != null && seen + windowMillis <= timestamp) {
            firstSeen.clear();
        }
    }
}
