package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code pipeline_minutes}: what arrived in a minute of reception and what became of it.
 * {@code messages} counts MQTT messages (decoded or rejected), {@code readings} the readings decoded
 * from them (a message may hold several), {@code duplicates} and {@code tooLate} readings dropped
 * by the duplicate filter, {@code rejected} messages the decoder refused.
 */
public record PipelineMinute(Instant minute, long messages, long readings, long duplicates, long tooLate, long rejected) {
    private static final long MINUTE = 60_000;

    /** A message decoded into {@code readings} readings, received at {@code received}. */
    public static PipelineMinute decoded(Instant received, int readings) {
        return new PipelineMinute(minuteOf(received), 1, readings, 0, 0, 0);
    }

    public static PipelineMinute rejected(Instant received) {
        return new PipelineMinute(minuteOf(received), 1, 0, 0, 0, 1);
    }

    public static PipelineMinute duplicate(Instant received) {
        return new PipelineMinute(minuteOf(received), 0, 0, 1, 0, 0);
    }

    public static PipelineMinute tooLate(Instant received) {
        return new PipelineMinute(minuteOf(received), 0, 0, 0, 1, 0);
    }

    private static Instant minuteOf(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), MINUTE) * MINUTE);
    }

    /** Both counts of the same minute added. */
    public PipelineMinute plus(PipelineMinute o) {
        return new PipelineMinute(minute, messages + o.messages, readings + o.readings, duplicates + o.duplicates,
                tooLate + o.tooLate, rejected + o.rejected);
    }
}
