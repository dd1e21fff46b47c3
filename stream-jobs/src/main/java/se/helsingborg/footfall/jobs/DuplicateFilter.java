package se.helsingborg.footfall.jobs;

import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Drops readings seen before, keyed by {@link Reading#identity()} (device, frame counter, part of
 * the message): LoRaWAN retransmissions and MQTT redeliveries after a restart (DESIGN §6).
 *
 * <p>A frame counter starts again when a device rejoins, so the same identity with an event time
 * further than {@code window} from the first is a new message, not a duplicate. What is remembered
 * is forgotten once the watermark is a window past it, so the filter's state stays small.
 */
public final class DuplicateFilter extends KeyedProcessFunction<String, Reading, Reading> {
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    private final long windowMillis;
    private transient ValueState<Long> firstSeen;
    private transient Counter duplicates;

    public DuplicateFilter(Duration window) {
        this.windowMillis = window.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        firstSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("firstSeen", Long.class));
        duplicates = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("ingest").counter("duplicates");
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
        long time = reading.eventTime().toEpochMilli();
        Long seen = firstSeen.value();
        if (seen != null && Math.abs(time - seen) <= windowMillis) {
            duplicates.inc();
            return;
        }
        firstSeen.update(time);
        ctx.timerService().registerEventTimeTimer(time + windowMillis);
        out.collect(reading);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        Long seen = firstSeen.value();
        if (seen != null && seen + windowMillis <= timestamp) {
            firstSeen.clear();
        }
    }
}
