package se.helsingborg.footfall.jobs.dwell;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 * gaps, repeatedly. No shape is imposed on f, but the rounds stop long before it settles (see
 * {@link #ITERATIONS}), so it keeps much of its start. The figures are those of the last sharing: each share
 * is a stay from its entry minute to its exit minute, so the day's and each entry hour's stays come
 * from it.
 *
 * <p><b>What the model cannot see.</b> A closing time cuts stays short: everyone leaves in its last
 * minutes whatever they meant to stay. An exit within {@link #CLOSING_WINDOW} of a closed minute, or
 * while closed, says only that the stay was meant to last at least until the window began, and is
 * counted so (a censored stay) in f. So is an entry still inside when the day's curves end: on a day
 * not yet over, a person still in the zone. Those still inside give no stay to the figures, like
 * FIFO's. A distribution that changes over the day (shorter stays in the rain) is seen as their blend.
 * The crossings recovered after a counter was offline come as one count spread evenly over the
 * gap; read minute by minute, that even spread would be exits the morning ramp never had. So the
 * exits of such a span are explained together, as leaving somewhere in it.
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
    /**
     * Rounds of sharing; more fit the noise of single minutes more than they improve the median.
     * Where a day's counts cannot tell shapes of stays apart, this leaves f near its start (see
     * {@link #start}): on simulated weeks of log-normal stays the median came out within a few per
     * cent at a spread of 0.6, whose median/mean matches the start's, but some 40 % high in a
     * library with a quarter of its visits quick errands. Run to convergence (500 rounds) it was
     * 14 % high there, and single days up to 25 % off on the first shape and 33 % on the second:
     * the counts of one day do not pin the median down.
     */
    static final int ITERATIONS = 60;
    /** The fewest people inside on average while open for which stays are told apart (see the class comment). */
    static final double MIN_MEAN_INSIDE = 20;

    /** The day's figures and those by local hour of entry. */
    record Result(Figures day, SortedMap<Integer, Figures> byEntryHour) {
        /** No figures: too few inside, no exits, or not asked for. */
        static final Result NONE = new Result(new Figures(0, null, null, null), java.util.Collections.emptySortedMap());
    }

    private DwellDeconvolution() {}

    /**
     * Exits the sharing explains together: those of one minute ({@code from == to}), or those of a
     * span whose counts were spread over it, so that when in it each left is not known. With
     * {@code censoredFrom} at or above zero, they left in a closing window starting then: their
     * stays were meant to last at least until it began.
     */
    private record Exits(int from, int to, double count, int censoredFrom) {}

    /**
     * @param first epoch millis of minute 0
     * @param in entries per minute from {@code first}
     * @param out exits per minute, never more than the people inside (clamped)
     * @param forced per minute: whether an exit in it may have been forced by a closing
     * @param spread spans of minutes (first and last index, inclusive) whose counts were spread
     *     evenly from one count over them: their exits are explained as one count of the span
     */
    static Result of(long first, long[] in, long[] out, boolean[] forced, List<int[]> spread, ZoneId timezone) {
        int n = in.length;
        long exits = 0;
        long entries = 0;
        for (int i = 0; i < n; i++) {
            exits += out[i];
            entries += in[i];
        }
        if (exits == 0 || meanInsideWhileOpen(in, out, forced) < MIN_MEAN_INSIDE) {
            return Result.NONE;
        }
        List<Exits> observed = observed(out, forced, spread);
        int[] entryMinutes = IntStream.range(0, n).filter(i -> in[i] > 0).toArray();
        double[] f = start(n, entries, exits, in, out);
        double[] below = new double[n + 1]; // below[s]: the share of stays shorter than s minutes
        double[] weights = new double[entryMinutes.length];
        long inside = entries - exits;
        Shares shares = new Shares(first, n, timezone);
        for (int round = 0; round <= ITERATIONS; round++) {
            for (int s = 0; s < n; s++) {
                below[s + 1] = below[s] + f[s];
            }
            boolean last = round == ITERATIONS;
            double[] gaps = new double[n];
            // Shares of exits explained by a span of stays, per unit of f over the span, as steps (differences).
            double[] perMass = new double[n + 1];
            for (Exits x : observed) {
                double sum = 0;
                int k = 0;
                for (; k < entryMinutes.length && entryMinutes[k] <= x.to(); k++) {
                    weights[k] = in[entryMinutes[k]] * mass(below, x, entryMinutes[k]);
                    sum += weights[k];
                }
                if (sum <= 0) {
                    continue; // no stay of the current f explains them: left out of this round
                }
                for (int j = 0; j < k; j++) {
                    if (weights[j] <= 0) {
                        continue;
                    }
                    int t = entryMinutes[j];
                    double share = weights[j] / sum * x.count();
                    int from = x.censoredFrom() >= 0 ? Math.max(0, x.censoredFrom() - t) : Math.max(0, x.from() - t);
                    int to = x.censoredFrom() >= 0 ? n - 1 : x.to() - t;
                    // share / (f's mass over the span): the same for every stay of the span
                    double perUnit = in[t] * x.count() / sum;
                    if (from == to) {
                        gaps[from] += share;
                    } else {
                        perMass[from] += perUnit;
                        perMass[to + 1] -= perUnit;
                    }
                    if (last) {
                        if (x.from() == x.to()) {
                            shares.add(t, x.from() - t, share); // the exit minute is known, censored or not
                        } else {
                            shares.addSpread(t, x.from() - t, x.to() - t, perUnit);
                        }
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
                    weights[j] = in[entryMinutes[j]] * Math.max(0, 1 - below[n - entryMinutes[j]]);
                    sum += weights[j];
                }
                for (int j = 0; sum > 0 && j < entryMinutes.length; j++) {
                    if (weights[j] > 0) {
                        perMass[n - entryMinutes[j]] += in[entryMinutes[j]] * inside / sum;
                    }
                }
            }
            // A share explained by a span of stays goes to them in proportion to f.
            double step = 0;
            double total = 0;
            for (int s = 0; s < n; s++) {
                step += perMass[s];
                gaps[s] += f[s] * step;
                total += gaps[s];
            }
            if (total <= 0) {
                break;
            }
            for (int s = 0; s < n; s++) {
                f[s] = gaps[s] / total;
            }
        }
        return shares.result(f);
    }

    /** The share of stays f gives that would have someone entering in minute {@code t} leave as {@code x} says. */
    private static double mass(double[] below, Exits x, int t) {
        double mass = x.censoredFrom() >= 0 ? 1 - below[Math.max(0, x.censoredFrom() - t)]
                : below[x.to() - t + 1] - below[Math.max(0, x.from() - t)];
        return Math.max(0, mass); // sums of f that cancel can come out a rounding below zero
    }

    /**
     * The exits to explain: each minute's on its own, but those of a spread span together, except
     * those in a closing window, which are censored in any case. A span of two minutes (a report
     * whose period straddles a minute's start) is no less certain than the spreading within a
     * minute, so only longer ones (the crossings recovered over a gap) count as spans; a minute in
     * more than one goes with the longest.
     */
    private static List<Exits> observed(long[] out, boolean[] forced, List<int[]> spread) {
        int n = out.length;
        int[] spanOf = new int[n];
        Arrays.fill(spanOf, -1);
        List<int[]> spans = spread.stream().map(s -> new int[] {Math.max(0, s[0]), Math.min(n - 1, s[1])})
                .filter(s -> s[1] - s[0] >= 2).sorted(Comparator.comparingInt(s -> s[0] - s[1])).toList();
        for (int i = 0; i < spans.size(); i++) {
            for (int m = spans.get(i)[0]; m <= spans.get(i)[1]; m++) {
                if (spanOf[m] < 0) {
                    spanOf[m] = i; // the longest first
                }
            }
        }
        double[] spanExits = new double[spans.size()];
        int[] spanFrom = new int[spans.size()];
        int[] spanTo = new int[spans.size()];
        Arrays.fill(spanFrom, Integer.MAX_VALUE);
        List<Exits> observed = new ArrayList<>();
        int windowStart = -1;
        for (int u = 0; u < n; u++) {
            windowStart = forced[u] ? (u > 0 && forced[u - 1] ? windowStart : u) : -1;
            if (out[u] == 0) {
                continue;
            }
            if (windowStart >= 0) {
                observed.add(new Exits(u, u, out[u], windowStart));
            } else if (spanOf[u] >= 0) {
                int i = spanOf[u];
                spanExits[i] += out[u];
                spanFrom[i] = Math.min(spanFrom[i], u);
                spanTo[i] = Math.max(spanTo[i], u);
            } else {
                observed.add(new Exits(u, u, out[u], -1));
            }
        }
        for (int i = 0; i < spans.size(); i++) {
            if (spanExits[i] > 0) {
                // Within the minutes of the span that are neither another's nor a closing window's.
                observed.add(new Exits(spanFrom[i], spanTo[i], spanExits[i], -1));
            }
        }
        return observed;
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
    private static double[] start(int n, long entries, long exits, long[] in, long[] out) {
        double inside = 0;
        double area = 0;
        for (int m = 0; m < n; m++) {
            area += inside + (in[m] - out[m]) / 2.0;
            inside += in[m] - out[m];
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

    /**
     * The exits shared out to entry minutes: histograms of stays in whole minutes, of the day and
     * per local hour of entry. Shares of a spread span are kept as steps per unit of f, and go to
     * the stays of the span in proportion to the final f.
     */
    private static final class Shares {
        private final int n;
        private final int[] hourOfMinute;
        private final TreeMap<Integer, double[]> byHour = new TreeMap<>();
        private final TreeMap<Integer, double[]> spreadByHour = new TreeMap<>();

        Shares(long first, int n, ZoneId timezone) {
            this.n = n;
            hourOfMinute = new int[n];
            for (int m = 0; m < n; m++) {
                hourOfMinute[m] = Instant.ofEpochMilli(first + m * DwellCurves.MINUTE).atZone(timezone).getHour();
            }
        }

        void add(int entryMinute, int stayMinutes, double share) {
            byHour.computeIfAbsent(hourOfMinute[entryMinute], h -> new double[n])[stayMinutes] += share;
        }

        void addSpread(int entryMinute, int fromStay, int toStay, double perMass) {
            double[] steps = spreadByHour.computeIfAbsent(hourOfMinute[entryMinute], h -> new double[n + 1]);
            steps[Math.max(0, fromStay)] += perMass;
            steps[toStay + 1] -= perMass;
        }

        Result result(double[] f) {
            spreadByHour.forEach((hour, steps) -> {
                double[] histogram = byHour.computeIfAbsent(hour, h -> new double[n]);
                double step = 0;
                for (int s = 0; s < n; s++) {
                    step += steps[s];
                    histogram[s] += f[s] * step;
                }
            });
            double[] all = new double[n];
            SortedMap<Integer, Figures> hourly = new TreeMap<>();
            byHour.forEach((hour, histogram) -> {
                for (int s = 0; s < n; s++) {
                    all[s] += histogram[s];
                }
                Figures figures = figures(histogram);
                if (figures.visits() > 0) {
                    hourly.put(hour, figures);
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
