package se.helsingborg.footfall.jobs.dwell;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;

/**
 * The dwell that one zone's day of per-minute entries and exits implies (DESIGN §5): the
 * cumulative entry curve A(t) and exit curve D(t), from counts alone.
 *
 * <p><b>Within a minute.</b> Counters report how many crossed in a period, not when; a minute's k
 * crossings are spread evenly over it, the i-th at {@code (i + ½) / k} of the minute. Every
 * crossing's time is then off by less than a minute, and the sum of a minute's times is off by at
 * most 30 s per crossing (the estimated sum equals k × the minute's midpoint): the Little's-law
 * mean is within 60 s of the exact one for any day, and unbiased when people arrive at random
 * within their minute; a single FIFO stay is within 120 s. A count of a period longer than a
 * minute has been spread over its minutes ({@link PeriodMinutes}) before it gets here, and the
 * bounds grow with the period.
 *
 * <p><b>Drift.</b> Exits beyond the people inside (the curves would cross) are clamped, as
 * occupancy is, and counted. Entries still unmatched when the day ends (missed exits, or someone
 * inside at the reset) are given no stay: FIFO leaves them out and counts them; Little's law
 * integrates occupancy only while the zone is open, so people "inside" a closed library (or a
 * room in it) add nothing after closing time (for zones always open, to the day's end).
 */
public final class DwellCurves {
    static final long MINUTE = 60_000;

    /** What one method says about a set of stays; null where it cannot say, or no stay backs it. */
    public record Figures(long visits, Double meanSeconds, Double medianSeconds, Double p90Seconds) {}

    /**
     * @param littlesLaw mean over all entries of the day
     * @param fifo the matched stays
     * @param fifoByEntryHour the matched stays by local hour of entry
     * @param deconvolution the stays shared out by the distribution of stays found with the earlier
     *     days pooled ({@link DwellDeconvolution})
     * @param deconvolutionByEntryHour those by local hour of entry
     * @param clampedExits exits that found nobody inside to match
     * @param unmatchedEntries entries with no exit by the day's end
     * @param pooled the day's curves for the days after it to pool, or null if it gave no deconvolution figures
     */
    public record Result(Figures littlesLaw, Figures fifo, SortedMap<Integer, Figures> fifoByEntryHour, Figures deconvolution,
            SortedMap<Integer, Figures> deconvolutionByEntryHour, long clampedExits, long unmatchedEntries, PooledDay pooled) {}

    private DwellCurves() {}

    /**
     * @param minutes entries and exits by minute start (epoch millis) of one day, in time order
     * @param dayEnd when the day ends (epoch millis, exclusive): people still inside are counted
     *     by Little's law until then, while the zone is open
     * @param open whether the zone is open in the minute starting at the given epoch millis
     */
    public static Result of(SortedMap<Long, MinuteFlow> minutes, long dayEnd, LongPredicate open, ZoneId timezone) {
        return of(minutes, dayEnd, open, timezone, false);
    }

    /**
     * As {@link #of(SortedMap, long, LongPredicate, ZoneId)}; with {@code balanced}, for a day that
     * is over, the curves are first made to end level ({@link #balanced}).
     */
    public static Result of(SortedMap<Long, MinuteFlow> minutes, long dayEnd, LongPredicate open, ZoneId timezone,
            boolean balanced) {
        return of(minutes, dayEnd, open, timezone, balanced, true, List.of());
    }

    /**
     * Minutes (epoch millis of the first and the last, inclusive) whose counts were spread evenly
     * from one count of a period over them: when in them each crossed is not known.
     */
    public record Spread(long firstMinute, long lastMinute) {}

    /**
     * As {@link #of(SortedMap, long, LongPredicate, ZoneId, boolean)}; with {@code deconvolved},
     * deconvolution's figures too (otherwise none), which explain the exits of each {@code spread}
     * span as one count of it.
     */
    public static Result of(SortedMap<Long, MinuteFlow> minutes, long dayEnd, LongPredicate open, ZoneId timezone,
            boolean balanced, boolean deconvolved, List<Spread> spread) {
        return of(minutes, dayEnd, open, timezone, balanced, deconvolved, spread, List.of());
    }

    /**
     * As {@link #of(SortedMap, long, LongPredicate, ZoneId, boolean, boolean, List)}, the
     * distribution of stays found with the {@code earlier} days' curves too; the result's
     * {@code pooled} is the day's own, for the days after it (null when the deconvolution gave
     * no figures).
     */
    public static Result of(SortedMap<Long, MinuteFlow> minutes, long dayEnd, LongPredicate open, ZoneId timezone,
            boolean balanced, boolean deconvolved, List<Spread> spread, List<PooledDay> earlier) {
        minutes = counted(minutes);
        if (balanced) {
            minutes = balanced(minutes);
        }
        long total = minutes.values().stream().mapToLong(MinuteFlow::entries).sum();
        double[] entered = new double[Math.toIntExact(total)];
        double[] left = new double[entered.length];
        int entries = 0;
        int exits = 0;
        long inside = 0;
        long clamped = 0;
        double areaMillis = 0;
        MinuteFlow none = new MinuteFlow(0, 0);
        long first = minutes.isEmpty() ? dayEnd : minutes.firstKey();
        int span = Math.toIntExact(Math.max(0, (dayEnd - first + MINUTE - 1) / MINUTE));
        long[] inByMinute = new long[span];
        long[] outByMinute = new long[span];
        for (long minute = first; minute < dayEnd; minute += MINUTE) {
            MinuteFlow flow = minutes.getOrDefault(minute, none);
            long in = flow.entries();
            long out = Math.min(flow.exits(), inside + in);
            clamped += flow.exits() - out;
            int index = (int) ((minute - first) / MINUTE);
            inByMinute[index] = in;
            outByMinute[index] = out;
            for (long i = 0; i < in; i++) {
                entered[entries++] = minute + (i + 0.5) * MINUTE / in;
            }
            for (long i = 0; i < out; i++) {
                left[exits++] = minute + (i + 0.5) * MINUTE / out;
            }
            if (open.test(minute)) {
                // Those inside all minute, plus on average half a minute for each who came or went.
                areaMillis += inside * MINUTE + (in - out) * (MINUTE / 2.0);
            }
            inside += in - out;
        }
        Figures littles = new Figures(entries, entries == 0 ? null : areaMillis / entries / 1000, null, null);

        double[] stays = new double[exits];
        Map<Integer, double[]> byHour = new TreeMap<>();
        Map<Integer, Integer> hourCounts = new TreeMap<>();
        int[] hourOf = new int[exits];
        for (int k = 0; k < exits; k++) {
            // An exit spread early in a minute can come before the entry spread late in it: no negative stays.
            stays[k] = Math.max(0, left[k] - entered[k]) / 1000;
            hourOf[k] = Instant.ofEpochMilli((long) entered[k]).atZone(timezone).getHour();
            hourCounts.merge(hourOf[k], 1, Integer::sum);
        }
        hourCounts.forEach((h, n) -> byHour.put(h, new double[n]));
        Map<Integer, Integer> filled = new TreeMap<>();
        for (int k = 0; k < exits; k++) {
            int at = filled.merge(hourOf[k], 1, Integer::sum) - 1;
            byHour.get(hourOf[k])[at] = stays[k];
        }
        SortedMap<Integer, Figures> hourly = new TreeMap<>();
        byHour.forEach((h, s) -> hourly.put(h, figures(s)));
        List<int[]> spans = spread.stream()
                .map(p -> new int[] {(int) Math.floorDiv(p.firstMinute() - first, MINUTE), (int) Math.floorDiv(p.lastMinute() - first, MINUTE)})
                .toList();
        PooledDay today = PooledDay.of(first, inByMinute, outByMinute, closingWindows(first, span, open), spans);
        DwellDeconvolution.Result shared = deconvolved ? DwellDeconvolution.of(today, earlier, timezone) : DwellDeconvolution.Result.NONE;
        return new Result(littles, figures(stays), hourly, shared.day(), shared.byEntryHour(), clamped, entries - exits,
                shared.day().visits() > 0 ? today.withStays(shared.stays()) : null);
    }

    /**
     * Per minute from {@code first}: whether the zone is closed then or closes within
     * {@link DwellDeconvolution#CLOSING_WINDOW} after it, so that an exit then may have been forced by the closing.
     */
    static boolean[] closingWindows(long first, int span, LongPredicate open) {
        boolean[] forced = new boolean[span];
        long window = DwellDeconvolution.CLOSING_WINDOW / MINUTE;
        long closedAt = Long.MAX_VALUE; // the next closed minute's index, looking from the end
        for (long i = span - 1 + window; i >= 0; i--) {
            if (!open.test(first + i * MINUTE)) {
                closedAt = i;
            }
            if (i < span) {
                forced[(int) i] = closedAt - i <= window;
            }
        }
        return forced;
    }

    /**
     * The minutes with no negative counts. A withdrawal (crossings that line recovery took back to
     * move them to a late period count's own minute) is spread over the same gap as the recovery it
     * undoes, and the rounding of the two can leave a minute a person short; what a minute owes is
     * taken from the next minutes' counts, so the curves only rise and the day's totals are kept.
     */
    static SortedMap<Long, MinuteFlow> counted(SortedMap<Long, MinuteFlow> minutes) {
        if (minutes.values().stream().allMatch(f -> f.entries() >= 0 && f.exits() >= 0)) {
            return minutes;
        }
        SortedMap<Long, MinuteFlow> counted = new TreeMap<>();
        long owedIn = 0;
        long owedOut = 0;
        for (Map.Entry<Long, MinuteFlow> e : minutes.entrySet()) {
            long in = e.getValue().entries() - owedIn;
            long out = e.getValue().exits() - owedOut;
            owedIn = Math.max(0, -in);
            owedOut = Math.max(0, -out);
            counted.put(e.getKey(), new MinuteFlow(Math.max(0, in), Math.max(0, out)));
        }
        return counted;
    }

    /**
     * A day of the zone starts and ends empty (DESIGN §5), so a day whose counts end with people
     * still "inside" has counters that missed some exits, and one with more out than in has counters
     * that missed entries. Counters miss a share of the people they see, not a block at the end, so
     * the curve that fell short is stretched to end where the other does: each minute's count of it
     * is scaled by one ratio, rounded so that the running total stays whole. Missing exits are
     * stretched into the exits since the count last stood at zero (below), missing entries into the
     * whole day's. With crossings missed at an even rate this restores the true curve in
     * expectation; left unbalanced, every missed exit would be a stay lasting until closing time,
     * which drags the mean and the upper stays far up.
     */
    static SortedMap<Long, MinuteFlow> balanced(SortedMap<Long, MinuteFlow> minutes) {
        long in = minutes.values().stream().mapToLong(MinuteFlow::entries).sum();
        long out = minutes.values().stream().mapToLong(MinuteFlow::exits).sum();
        long inside = 0; // at the end, exits clamped as the curves are
        Long lastEmpty = null;
        for (Map.Entry<Long, MinuteFlow> e : minutes.entrySet()) {
            inside = Math.max(0, inside + e.getValue().entries() - e.getValue().exits());
            if (inside == 0 && !e.getKey().equals(minutes.lastKey())) {
                lastEmpty = e.getKey();
            }
        }
        // Exits clamped at the start of the day may be of people inside since before it (an
        // always-open zone), not drift: no more exits are added than the day's counts lack.
        long missing = Math.min(inside, in - out);
        if (missing > 0) {
            // Exits missed before the count last stood at zero cannot be among those still
            // "inside" at the end (the count cannot be below the people inside, whom it counts),
            // so only the exits since then are stretched: in a room that empties now and then,
            // the missing exits land near where they were missed, not all over the day.
            SortedMap<Long, MinuteFlow> since = lastEmpty == null ? minutes : minutes.tailMap(lastEmpty + 1);
            long exits = since.values().stream().mapToLong(MinuteFlow::exits).sum();
            if (exits == 0) {
                since = minutes; // nobody seen leaving since: no pattern to stretch but the day's
                exits = out;
            }
            return exits == 0 ? minutes : stretched(minutes, since, (exits + missing) / (double) exits, true);
        }
        if (out > in && in > 0) {
            return stretched(minutes, minutes, (double) out / in, false);
        }
        return minutes;
    }

    /** The minutes with the exits (or entries) of {@code part} scaled by {@code ratio}, running totals whole. */
    private static SortedMap<Long, MinuteFlow> stretched(SortedMap<Long, MinuteFlow> minutes, SortedMap<Long, MinuteFlow> part,
            double ratio, boolean exits) {
        SortedMap<Long, MinuteFlow> level = new TreeMap<>(minutes);
        long seen = 0;
        long given = 0;
        for (Map.Entry<Long, MinuteFlow> e : part.entrySet()) {
            MinuteFlow f = e.getValue();
            seen += exits ? f.exits() : f.entries();
            long upTo = Math.round(seen * ratio);
            long now = upTo - given;
            given = upTo;
            level.put(e.getKey(), exits ? new MinuteFlow(f.entries(), now) : new MinuteFlow(now, f.exits()));
        }
        return level;
    }

    /** Mean, median and 90th percentile of the stays; percentiles by nearest rank. */
    public static Figures figures(double[] stays) {
        if (stays.length == 0) {
            return new Figures(0, null, null, null);
        }
        double[] sorted = stays.clone();
        Arrays.sort(sorted);
        return new Figures(sorted.length, Arrays.stream(sorted).sum() / sorted.length, nearestRank(sorted, 0.5),
                nearestRank(sorted, 0.9));
    }

    /** The smallest value with at least a share {@code p} of the values at or below it. */
    static double nearestRank(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
