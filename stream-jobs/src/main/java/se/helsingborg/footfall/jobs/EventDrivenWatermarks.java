package se.helsingborg.footfall.jobs;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Watermarks with bounded out-of-orderness, emitted as the readings advance rather than on a
 * processing-time clock. Flink's periodic watermarks land between readings wherever the clock
 * happens to tick, so which readings count as late, and so the results, could differ between two
 * replays of the same recording; emitted with the readings, the same input gives the same
 * watermarks and the same results every time. A watermark goes out only when it moves, at most
 * once per distinct reading time. Used for bounded replays ({@link FootfallJob#forReplay()}).
 */
public final class EventDrivenWatermarks implements WatermarkGenerator<Reading> {
    private final long outOfOrdernessMs;
    private long maxEventTime = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    EventDrivenWatermarks(Duration outOfOrderness) {
        this.outOfOrdernessMs = outOfOrderness.toMillis();
    }

    public static WatermarkStrategy<Reading> strategy(Duration outOfOrderness) {
        return WatermarkStrategy.<Reading>forGenerator(ctx -> new EventDrivenWatermarks(outOfOrderness))
                .withTimestampAssigner((r, previous) -> r.eventTime().toEpochMilli());
    }

    @Override
    public void onEvent(Reading reading, long eventTimestamp, WatermarkOutput output) {
        maxEventTime = Math.max(maxEventTime, eventTimestamp);
        long watermark = maxEventTime - outOfOrdernessMs - 1;
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Nothing between readings: time moves only with them.
    }
}
