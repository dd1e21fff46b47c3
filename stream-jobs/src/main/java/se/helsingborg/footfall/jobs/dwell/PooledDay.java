package se.helsingborg.footfall.jobs.dwell;

import java.util.List;

/**
 * One zone-day's curves as the deconvolution reads them, kept so that the next days can find
 * their distribution of stays together with it ({@link DwellDeconvolution#POOLED_DAYS}).
 *
 * @param first epoch millis of minute 0
 * @param in entries per minute from {@code first}
 * @param out exits per minute, clamped to those inside
 * @param forced per minute: whether an exit in it may have been forced by a closing
 * @param spreadFrom first minutes of the spans whose counts were spread evenly over them
 * @param spreadTo their last minutes (inclusive)
 * @param stays the distribution of stays found for the day (share per whole minute), where the
 *     next day's sharing starts; null before it is found
 */
public record PooledDay(long first, long[] in, long[] out, boolean[] forced, int[] spreadFrom, int[] spreadTo, double[] stays) {

    static PooledDay of(long first, long[] in, long[] out, boolean[] forced, List<int[]> spread) {
        return new PooledDay(first, in, out, forced, spread.stream().mapToInt(s -> s[0]).toArray(),
                spread.stream().mapToInt(s -> s[1]).toArray(), null);
    }

    PooledDay withStays(double[] found) {
        return new PooledDay(first, in, out, forced, spreadFrom, spreadTo, found);
    }
}
