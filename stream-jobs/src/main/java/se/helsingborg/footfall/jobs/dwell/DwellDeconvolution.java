package se.helsingborg.footfall.jobs.dwell;

import java.time.Instant;
import java.time.ZoneId;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import se.helsingborg.footfall.jobs.dwell.DwellCurves.Figures;

/**
 * The stays of a zone's day from its per-minute entries and exits, by deconvolution: the
 * distribution of stays that best explains the exit curve given the entry curve, and the matching
 * of exits to entries that it implies.
 *
 * <p><b>Why not first-in-first-out alone.</b> FIFO pairs the k-th entry with the k-th exit. Its
 * stays have the right mean (the area between the curves is the same however exits are paired),
 * but not the right spread: when stays differ, people overtake each other, and FIFO pairs each
 * exit with an earlier entry than the true one for short stays and a later one for long stays.
 * Its stays crowd around the mean, so for stays as varied as a library's (a quick loan, an
 * afternoon of study) its median lies well above the true one and its 90th percentile well below.
 *
 * <p><b>The model.</b> Each person who enters in minute t stays a time drawn from one distribution
 * f of the day, and leaves in minute t + s; exits are then the entries convolved with f. Given the
 * two curves, f is found by expectation–maximisation (the Richardson–Lucy iteration, which is the
 * maximum-likelihood estimate when crossings are random): each minute's exits are shared among the
 * earlier entries in proportion to entries × f of the gap, and f is set to the shares' histogram of
 * gaps, repeatedly. No shape is assumed for f. The figures are those of the last sharing: each share
 * is a stay from its entry minute to its exit minute, so the day's and each entry hour's stays come
 * from it.
 *
 * <p><b>What the model cannot see.</b> A closing time cuts stays short: everyone leaves in its last
 * minutes whatever they meant to stay. An exit within {@link #CLOSING_WINDOW} of a closed minute, or
 * while closed, says only that the stay was meant to last at least until the window began, and is
 * counted so (a censored stay) in f. So is an entry still inside when the day's curves end: on a day
 * not yet over, a person still in the zone. Those still inside give no stay to the figures, like
 * FIFO's. A distribution that changes over the day (shorter stays in the rain) is seen as their blend.
 *
 * <p><b>Where it says nothing.</b> The sharing tells stays apart only where many overlap: with a
 * handful of people inside at a time (a small room), a minute's exits fit many distributions
 * equally, and the one found follows the noise of single crossings. There, few overtake each
 * other, which is where FIFO is near exact. So below {@link #MIN_MEAN_INSIDE} people inside on
 * average while the zone is open, the method gives no figures. Nor does it give a mean: each
 * minute's exits are shared out on their own, so an entry's shares need not add up to one person,
 * and the mean of the shares is not the area between the curves, which Little's law gives exactly.
 *
 * <p>Cost: each round visits every pair of an exit minute and an earlier entry minute, some
 * 200 000 for a library's day, so a day takes milliseconds; the state is the day's minutes, as FIFO's.
 */
final class DwellDeconvolution {
    /** The time before a closing in which people leave because of it: the staff's call to leave and the way to the door. */
    static final long CLOSING_WINDOW = 15 * DwellCurves.MINUTE;
    /** Rounds of sharing; more fit the noise of single minutes more than they improve the median. */
    static final int ITERATIONS = 60;
    /** The fewest people inside on average while open for which stays are told apart (see the class comment). */
    static final double MIN_MEAN_INSIDE = 20;

    /** The day's figures and those by local hour of entry. */
    record Result(Figures day, SortedMap<Integer, Figures> byEntryHour) {}

    private DwellDeconvolution() {}

    /**
     * @param first epoch millis of minute 0
     * @param in entries per minute from {@code first}
     * @param out exits per minute, never more than the people inside (clamped)
     * @param forced per minute: whether an exit in it may have been forced by a closing
     */
    static Result of(long first, long[] in, long[] out, boolean[] forced, ZoneId timezone) {
        int n = in.length;
        long exits = 0;
        long entries = 0;
        for (int i = 0; i < n; i++) {
            exits += out[i];
            entries += in[i];
        }
        if (exits == 0 || meanInsideWhileOpen(in, out, forced) < MIN_MEAN_INSIDE) {
            return new Result(new Figures(0, null, null, null), new TreeMap<>());
        }
        int[] entryMinutes = IntStream.range(0, n).filter(i -> in[i] > 0).toArray();
        int[] windowStart = new int[n];
        for (int u = 0; u < n; u++) {
            windowStart[u] = forced[u] ? (u > 0 && forced[u - 1] ? windowStart[u - 1] : u) : -1;
        }
        double[] f = start(n, entries, in, out);
        double[] tail = new double[n + 1];
        double[] weights = new double[entryMinutes.length];
        long inside = entries - exits;
        Shares shares = null;
        for (int round = 0; round <= ITERATIONS; round++) {
            for (int s = n - 1; s >= 0; s--) {
                tail[s] = tail[s + 1] + f[s];
            }
            boolean last = round == ITERATIONS;
            double[] gaps = new double[n];
            double[] censoredAt = new double[n + 1];
            shares = last ? new Shares(first, n, timezone) : null;
            for (int u = 0; u < n; u++) {
                if (out[u] == 0) {
                    continue;
                }
                int w = windowStart[u];
                double sum = 0;
                int k = 0;
                for (; k < entryMinutes.length && entryMinutes[k] <= u; k++) {
                    int t = entryMinutes[k];
                    weights[k] = in[t] * (w >= 0 ? tail[Math.max(0, w - t)] : f[u - t]);
                    sum += weights[k];
                }
                if (sum <= 0) {
                    continue; // no stay of the current f explains them: left out of this round
                }
                for (int j = 0; j < k; j++) {
                    int t = entryMinutes[j];
                    double share = weights[j] / sum * out[u];
                    if (w >= 0) {
                        censoredAt[Math.max(0, w - t)] += share;
                    } else {
                        gaps[u - t] += share;
                    }
                    if (last) {
                        shares.add(t, u - t, share);
                    }
                }
            }
            if (last) {
                break;
            }
            if (inside > 0) {
                // Still inside when the curves end: meant to stay at least until then.
                double sum = 0;
                for (int j = 0; j < entryMinutes.length; j++) {
                    int t = entryMinutes[j];
                    weights[j] = in[t] * tail[n - t];
                    sum += weights[j];
                }
                for (int j = 0; sum > 0 && j < entryMinutes.length; j++) {
                    censoredAt[n - entryMinutes[j]] += weights[j] / sum * inside;
                }
            }
            // A censored share is spread over the stays of at least its bound, in proportion to f.
            double spread = 0;
            for (int s = 0; s < n; s++) {
                if (tail[s] > 0) {
                    spread += censoredAt[s] / tail[s];
                }
                gaps[s] += f[s] * spread;
            }
            double total = 0;
            for (double g : gaps) {
                total += g;
            }
            if (total <= 0) {
                break;
            }
            for (int s = 0; s < n; s++) {
                f[s] = gaps[s] / total;
            }
        }
        return shares == null ? new Result(new Figures(0, null, null, null), new TreeMap<>()) : shares.result();
    }

    /** People inside on average over the minutes that are neither closed nor in a closing window. */
    static double meanInsideWhileOpen(long[] in, long[] out, boolean[] forced) {
        long inside = 0;
        double area = 0;
        int open = 0;
        for (int m = 0; m < in.length; m++) {
            if (!forced[m]) {
                area += inside + (in[m] - out[m]) / 2.0;
                open++;
            }
            inside += in[m] - out[m];
        }
        return open == 0 ? 0 : area / open;
    }

    /**
     * Where the iteration starts: stays of the day's mean length (the area between the curves over
     * the exits), spread broadly about it (a gamma distribution of shape 2: few very short stays, a
     * long tail). Sharing moves mass only slowly across long gaps, and stopped after its rounds it
     * keeps a trace of its start: from an even spread over the whole day, stays hours long keep
     * too much; from a spread that is too narrow (FIFO's), the median stays high.
     */
    private static double[] start(int n, long entries, long[] in, long[] out) {
        double inside = 0;
        double area = 0;
        long exits = 0;
        for (int m = 0; m < n; m++) {
            area += inside + (in[m] - out[m]) / 2.0;
            inside += in[m] - out[m];
            exits += out[m];
        }
        double mean = Math.max(1, area / Math.max(1, Math.min(entries, exits)));
        double[] f = new double[n];
        double sum = 0;
        for (int s = 0; s < n; s++) {
            f[s] = (s + 0.5) * Math.exp(-2 * (s + 0.5) / mean);
            sum += f[s];
        }
        for (int s = 0; s < n; s++) {
            f[s] /= sum;
        }
        return f;
    }

    /** The exits shared out to entry minutes: histograms of stays in whole minutes, of the day and per local hour of entry. */
    private static final class Shares {
        private final double[] all;
        private final int[] hourOfMinute;
        private final TreeMap<Integer, double[]> byHour = new TreeMap<>();

        Shares(long first, int n, ZoneId timezone) {
            all = new double[n];
            hourOfMinute = new int[n];
            for (int m = 0; m < n; m++) {
                hourOfMinute[m] = Instant.ofEpochMilli(first + m * DwellCurves.MINUTE).atZone(timezone).getHour();
            }
        }

        void add(int entryMinute, int stayMinutes, double share) {
            all[stayMinutes] += share;
            byHour.computeIfAbsent(hourOfMinute[entryMinute], h -> new double[all.length])[stayMinutes] += share;
        }

        Result result() {
            SortedMap<Integer, Figures> hourly = new TreeMap<>();
            byHour.forEach((hour, histogram) -> {
                Figures f = figures(histogram);
                if (f.visits() > 0) {
                    hourly.put(hour, f);
                }
            });
            return new Result(figures(all), hourly);
        }
    }

    /**
     * Median and 90th percentile of a histogram of stays in whole minutes between the entry
     * and the exit minute. A stay of d such minutes lasted about d minutes: each count of d is
     * taken as spread evenly over d ± ½ (from 0 for d = 0), so the percentiles are not stuck to whole minutes.
     */
    static Figures figures(double[] histogram) {
        double total = 0;
        for (double count : histogram) {
            total += count;
        }
        long visits = Math.round(total);
        if (visits == 0) {
            return new Figures(0, null, null, null);
        }
        return new Figures(visits, null, quantile(histogram, total, 0.5) * 60, quantile(histogram, total, 0.9) * 60);
    }

    private static double quantile(double[] histogram, double total, double p) {
        double wanted = p * total;
        double below = 0;
        for (int d = 0; d < histogram.length; d++) {
            if (histogram[d] > 0 && below + histogram[d] >= wanted) {
                double from = Math.max(0, d - 0.5);
                double to = d + 0.5;
                return from + (to - from) * (wanted - below) / histogram[d];
            }
            below += histogram[d];
        }
        return histogram.length;
    }
}
