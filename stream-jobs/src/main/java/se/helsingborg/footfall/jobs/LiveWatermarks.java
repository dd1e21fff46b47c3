package se.helsingborg.footfall.jobs;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * The live job's watermarks: bounded out-of-orderness while readings keep coming, and once none
 * has come for a quiet spell of wall-clock time, up to the newest reading's time.
 *
 * <p>Why: counters that all report on the whole minute send their round of uplinks within a
 * second or two. A reading whose period ends at m + 1 min belongs to minute m, and with the bound
 * alone minute m is written only when a reading of m + 1 min + bound arrives, which is the next
 * round, a minute later. When a round has gone quiet, what of it is still on the way are
 * stragglers, which count in their minutes all the same, as rewrites within the allowed lateness;
 * so the minute is written seconds after its round instead of a minute. The watermark stops one
 * millisecond short of the newest reading, so totals of that time (line recovery takes them when
 * the watermark reaches them) and the newest minute's timers behave as with the bound.
 *
 * <p>Wall-clock time decides here, so replays use {@link EventDrivenWatermarks} instead: a
 * replay's results must not depend on how fast it runs.
 */
public final class LiveWatermarks implements WatermarkGenerator<Reading> {
    private final long boundMs;
    private final long quietNanos;
    private final LongSupplier nanoClock;
    private long newest = Long.MIN_VALUE;
    private long lastReadingNanos;
    private long emitted = Long.MIN_VALUE;

    LiveWatermarks(Duration outOfOrderness, Duration quiet, LongSupplier nanoClock) {
        this.boundMs = outOfOrderness.toMillis();
        this.quietNanos = quiet.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Event time from the readings, these watermarks, and idle readers let go after {@code idleness}. */
    public static WatermarkStrategy<Reading> strategy(Duration outOfOrderness, Duration quiet, Duration idleness) {
        return WatermarkStrategy.<Reading>forGenerator(ctx -> new LiveWatermarks(outOfOrderness, quiet, System::nanoTime))
                .withTimestampAssigner((r, previous) -> r.eventTime().toEpochMilli())
                .withIdleness(idleness);
    }

    @Override
    public void onEvent(Reading reading, long eventTimestamp, WatermarkOutput output) {
        newest = Math.max(newest, eventTimestamp);
        lastReadingNanos = nanoClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (newest == Long.MIN_VALUE) {
            return;
        }
        boolean quiet = nanoClock.getAsLong() - lastReadingNanos >= quietNanos;
        long watermark = quiet ? newest - 1 : newest - boundMs - 1;
        if (watermark > emitted) { // never back: after a quiet spell the bound no longer holds it lower
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
