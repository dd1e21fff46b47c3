package se.helsingborg.footfall.jobs.recovery;

/**
 * The people a line counted between two of its running totals, and how the second total was
 * read: straight on, after a 16-bit (or 32-bit) wrap, or after a reset to zero (DESIGN §5: a delta
 * that goes negative is a reset, not negative people).
 */
public record TotalsDelta(long in, long out, Kind kind) {
    public enum Kind { FORWARD, WRAP, RESET }

    /** People a line can pass per second at the most; more than this between two totals is not believed. */
    static final long MAX_PER_SECOND = 3;
    /** Allowance on top, so short gaps and clock steps do not make a true delta look impossible. */
    static final long SLACK = 100;

    /** The most crossings a line can plausibly count in {@code gapMillis}. */
    static long plausible(long gapMillis) {
        return SLACK + MAX_PER_SECOND * Math.max(0, gapMillis) / 1000;
    }

    /**
     * Reads the step from {@code before} to the total ({@code in}, {@code out}) taken with frame
     * counter {@code frameCounter} at {@code time}.
     *
     * <p>A device that reboots rejoins and counts frames from zero again, so a frame counter gone
     * backwards together with totals that fit the time since mark a reset. Otherwise totals that
     * went down are a wrap when the rest of the count modulo 2^16 (the counter had been 16-bit, its
     * last total fits in 16 bits) or 2^32 is plausible for the time passed, else a reset. Null when
     * no reading makes sense of the step (a replaced device, a corrupt total): nothing is recovered.
     */
    static TotalsDelta between(LineTotals before, long time, long in, long out, long frameCounter) {
        long limit = plausible(time - before.time());
        if (frameCounter < before.frameCounter() && in <= limit && out <= limit) {
            return new TotalsDelta(in, out, Kind.RESET);
        }
        if (in >= before.totalIn() && out >= before.totalOut()) {
            return plausibleOrNull(in - before.totalIn(), out - before.totalOut(), Kind.FORWARD, limit);
        }
        long wrapIn = wrapped(before.totalIn(), in);
        long wrapOut = wrapped(before.totalOut(), out);
        if (wrapIn <= limit && wrapOut <= limit) {
            return new TotalsDelta(wrapIn, wrapOut, Kind.WRAP);
        }
        return plausibleOrNull(in, out, Kind.RESET, limit);
    }

    private static long wrapped(long before, long after) {
        if (after >= before) {
            return after - before;
        }
        long modulus = before <= 0xFFFFL && after <= 0xFFFFL ? 0x1_0000L : 0x1_0000_0000L;
        return Math.floorMod(after - before, modulus);
    }

    private static TotalsDelta plausibleOrNull(long in, long out, Kind kind, long limit) {
        return in <= limit && out <= limit ? new TotalsDelta(in, out, kind) : null;
    }
}
