package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;

/**
 * People counted crossing a gate, in its from → to direction ({@code in}) and back ({@code out}).
 *
 * <p>A period count ({@code cumulative == false}) covers [eventTime − periodSeconds, eventTime).
 * A cumulative count is the device's running total at eventTime; it wraps and resets, so only the
 * difference between two of them means anything.
 *
 * <p>A withdrawal ({@code withdrawn}) is no device's: the pipeline takes back crossings it had
 * recovered from running totals into a later minute, once the late period count that carried them
 * has come and gone to its own minute. Its counts are what is taken back, so they are never
 * negative either.
 *
 * <p>{@code estimatedIn} and {@code estimatedOut} are no device's either: the part of {@code in}
 * and {@code out} that the pipeline estimated for a span no message holds (a reboot in a silence
 * erased it) rather than counted. Every device's count, and every withdrawal, has none.
 *
 * @param line the device's counting line the numbers come from (1 for single-line counters)
 */
public record LineCrossings(String gateId, int line, long in, long out, boolean cumulative, int periodSeconds,
        boolean withdrawn, long estimatedIn, long estimatedOut) {
    public LineCrossings {
        Objects.requireNonNull(gateId, "gateId");
        if (in < 0 || out < 0) {
            throw new IllegalArgumentException("line counts cannot be negative: in=" + in + " out=" + out);
        }
        if (!cumulative && periodSeconds <= 0) {
            throw new IllegalArgumentException("a period count needs a positive period");
        }
        if (withdrawn && cumulative) {
            throw new IllegalArgumentException("only period counts can be withdrawn");
        }
        if (estimatedIn < 0 || estimatedOut < 0 || estimatedIn > in || estimatedOut > out) {
            throw new IllegalArgumentException("the estimated part must lie within the counts: in=" + in + " out=" + out
                    + " estimated in=" + estimatedIn + " out=" + estimatedOut);
        }
        if ((estimatedIn > 0 || estimatedOut > 0) && (cumulative || withdrawn)) {
            throw new IllegalArgumentException("only period counts that are not withdrawals can be partly estimated");
        }
    }

    public static LineCrossings period(String gateId, int line, long in, long out, int periodSeconds) {
        return new LineCrossings(gateId, line, in, out, false, periodSeconds, false, 0, 0);
    }

    /** A period count of which {@code estimatedIn} and {@code estimatedOut} are estimated (see the class comment). */
    public static LineCrossings partlyEstimated(String gateId, int line, long in, long out, int periodSeconds,
            long estimatedIn, long estimatedOut) {
        return new LineCrossings(gateId, line, in, out, false, periodSeconds, false, estimatedIn, estimatedOut);
    }

    /** Crossings taken back from the period ending at the reading's time (see the class comment). */
    public static LineCrossings withdrawal(String gateId, int line, long in, long out, int periodSeconds) {
        return new LineCrossings(gateId, line, in, out, false, periodSeconds, true, 0, 0);
    }

    /** {@code in} as it counts: negative for a withdrawal. */
    public long signedIn() {
        return withdrawn ? -in : in;
    }

    /** {@code out} as it counts: negative for a withdrawal. */
    public long signedOut() {
        return withdrawn ? -out : out;
    }

    public static LineCrossings cumulative(String gateId, int line, long totalIn, long totalOut) {
        return new LineCrossings(gateId, line, totalIn, totalOut, true, 0, false, 0, 0);
    }
}
