package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;

/**
 * People counted crossing a gate, in its from → to direction ({@code in}) and back ({@code out}).
 *
 * <p>A period count ({@code cumulative == false}) covers [eventTime − periodSeconds, eventTime).
 * A cumulative count is the device's running total at eventTime; it wraps and resets, so only the
 * difference between two of them means anything.
 *
 * @param line the device's counting line the numbers come from (1 for single-line counters)
 */
public record LineCrossings(String gateId, int line, long in, long out, boolean cumulative, int periodSeconds) {
    public LineCrossings {
        Objects.requireNonNull(gateId, "gateId");
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException("line counts cannot be negative: in=" + in + " out=" + out);
        }
        if (!cumulative && periodSeconds <= 0) {
            throw new IllegalArgumentException("a period count needs a positive period");
        }
    }

    public static LineCrossings period(String gateId, int line, long in, long out, int periodSeconds) {
        return new LineCrossings(gateId, line, in, out, false, periodSeconds);
    }

    public static LineCrossings cumulative(String gateId, int line, long totalIn, long totalOut) {
        return new LineCrossings(gateId, line, totalIn, totalOut, true, 0);
    }
}
