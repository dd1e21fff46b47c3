package se.helsingborg.footfall.jobs.recovery;

/**
 * What one running total recovered: the crossings of the span ({@code from}, {@code to}] (epoch
 * millis) that no period count carried, placed at {@code to}, the total's time. Kept for the allowed
 * lateness, so that a period count of the span that comes late can take its crossings back out
 * ({@code in} and {@code out} are what is left to take). {@code reset} and {@code frameCounter} tell
 * whether the total was read after a reboot: then only the period counts of the same boot (frame
 * counters up to the total's) are in it.
 */
public record Recovered(long from, long to, long in, long out, int periodSeconds, boolean reset, long frameCounter) {
    Recovered less(long takenIn, long takenOut) {
        return new Recovered(from, to, in - takenIn, out - takenOut, periodSeconds, reset, frameCounter);
    }
}
