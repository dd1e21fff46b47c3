package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;

/**
 * What a counting line counted lately, as its running totals show it: the crossings in and out
 * over the last {@code spanMillis} (at most {@link #WINDOW}), what a reboot in a silence is
 * estimated from without a profile ({@link LostCrossings}). How fast the device sends, which dates
 * a reboot and tells a total sent before the one taken from one sent after a reboot, is not read
 * from the steps of the totals (one step may hold a burst of reports) but from every message
 * ({@link UplinkPace}).
 *
 * <p>The window slides approximately: when a step would make it longer than {@link #WINDOW}, the
 * older part is scaled down to what is left, as if it had been counted evenly.
 */
public record LineRate(double in, double out, long spanMillis) {
    /** How far back the rate looks. */
    static final Duration WINDOW = Duration.ofHours(1);

    /** The rate after a step of the totals by {@code dIn} and {@code dOut} over {@code stepMillis}. */
    static LineRate after(LineRate before, long dIn, long dOut, long stepMillis) {
        long window = WINDOW.toMillis();
        if (stepMillis <= 0) {
            return before == null ? new LineRate(dIn, dOut, 0) : new LineRate(before.in() + dIn,
                    before.out() + dOut, before.spanMillis());
        }
        if (stepMillis >= window) {
            double share = (double) window / stepMillis;
            return new LineRate(dIn * share, dOut * share, window);
        }
        double in = dIn;
        double out = dOut;
        long span = stepMillis;
        if (before != null && before.spanMillis() > 0) {
            long kept = Math.min(before.spanMillis(), window - stepMillis);
            double share = (double) kept / before.spanMillis();
            in += before.in() * share;
            out += before.out() * share;
            span += kept;
        }
        return new LineRate(in, out, span);
    }
}
