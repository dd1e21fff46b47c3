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
 * gaps, repeatedly. No shape is imposed on f beyond being smooth, but one day's counts say little
 * about it: the rounds stop long before f settles, and it keeps much of its start. So f is found
 * from the zone's last days together ({@link #POOLED_DAYS}), assumed the same over the week, and
 * each day carries on from the f the day before found ({@link PooledDay#stays}): day by day it
 * moves away from its start as far as the counts allow, each round evening out neighbouring
 * minutes a little so that the rounds that add up do not fit noise ({@link #SMOOTHING}). The
 * figures are those of the last sharing of the day's own exits: each share is a stay from its
 * entry minute to its exit minute, so the day's and each entry hour's stays come from it.
 *
 * <p><b>What the model cannot see.</b> A closing time cuts stays short: everyone leaves in its last
 * minutes whatever they meant to stay. An exit within {@link #CLOSING_WINDOW} of a closed minute, or
 * while closed, says only that the stay was meant to last at least until the window began, and is
 * counted so (a censored stay) in f. So is an entry still inside when the day's curves end: on a day
 * not yet over, a person still in the zone. Those still inside give no stay to the figures, like
 * FIFO's. A distribution that changes over the day or the week (shorter stays in the rain, on
 * Saturdays) is seen as their blend.
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
 * <p>Cost: each round visits, for each exit minute, the earlier entry minutes no further back
 * than the longest stay f allows, some 200 000 pairs for a library's day and more for a park's
 * 24 hours, and a round over a week visits seven days: replaying the example site's week took
 * 16 s instead of 13 s. (Starting every day afresh with 60 rounds for each day pooled gave much
 * the same figures in 35 s.) The state is the day's minutes, as FIFO's, and the days kept for
 * pooling ({@link PooledDay}).
 */
final class DwellDeconvolution {
    /** The time before a closing in which people leave because of it: the staff's call to leave and the way to the door. */
    static final long CLOSING_WINDOW = 15 * DwellCurves.MINUTE;
    /**
     * Rounds of sharing a day: from the start on a zone's first day, from the day before's f
     * after it. With one day, more rounds fit the noise of single minutes more than they improve
     * the median, and 60 leave f near its start (see {@link #start}) where the counts cannot tell
     * shapes apart: on simulated weeks of log-normal stays the median came out within a few per
     * cent at a spread of 0.6, whose median/mean matches the start's, but some 40 % high in a
     * library with a quarter of its visits quick errands. Run to convergence (500 rounds), one day
     * was 14 % high there, with single days up to 25 % off on the first shape and 33 % on the
     * second: one day's counts do not pin the median down. Pooled days do better, and bear the
     * rounds that add up day by day: on that second week the library's median came out 26 to 28 %
     * high on its first two days and 4 to 19 % after (see README, Dwell).
     */
    static final int ITERATIONS = 60;
    /**
     * The share of each minute of f that goes to either neighbouring minute after every round.
     * Rounds add up day after day, and sharing that is never stopped fits the noise of single
     * minutes' counts: f breaks into spikes, and those fitted into stays longer than any but a
     * few pushed the 90th percentile up. In the example site's simulated week, the park's came out
     * 18 to 24 % high from its second day on, its median up to 14 %. Evening out neighbouring
     * minutes a little each round (smoothed expectation–maximisation) keeps f from breaking up,
     * and barely moves a curve that is already smooth: the park's p90 came within 10 % (11 % with
     * every fault on), its median within 9 %. A share of 0.05 or 0.15 gave much the same.
     */
    static final double SMOOTHING = 0.1;
    /** Today and the zone's days before it within a week are pooled to find the distribution of stays. */
    static final int POOLED_DAYS = 7;
    /** The fewest people inside on average while open for which stays are told apart (see the class comment). */
    static final double MIN_MEAN_INSIDE = 20;

    /** The day's figures and those by local hour of entry. */
    record Result(Figures day, SortedMap<Integer, Figures> byEntryHour, double[] stays) {
        /** No figures: too few inside, no exits, or not asked for. */
        static final Result NONE = new Result(new Figures(0, null, null, null), java.util.Collections.emptySortedMap(), null);
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
     * Today's figures, with the distribution of stays found from today's curves and those of
     * {@code earlier} days that gave figures together (see {@link #POOLED_DAYS}); each minute's exits are then
     * shared out by it, today's only.
     */
    static Result of(PooledDay today, List<PooledDay> earlier, ZoneId timezone) {
        if (!tellsStaysApart(today)) {
            return Result.NONE;
        }
        List<Pooled> days = new ArrayList<>();
        for (PooledDay day : earlier) {
            days.add(new Pooled(day)); // each kept only if it gave figures (DwellCurves.Result#pooled)
        }
        Pooled own = new Pooled(today);
        days.add(own);
        int n = days.stream().mapToInt(d -> d.in.length).max().orElseThrow();
        double[] f = start(n, days);
        PooledDay newest = earlier.stream().filter(d -> d.stays() != null).max(Comparator.comparingLong(PooledDay::first)).orElse(null);
        int rounds = ITERATIONS * days.size();
        if (newest != null) {
            // Carry on from the distribution the day before found: most of it, and a little of
            // the start everywhere, so that no stay it ruled out stays ruled out (sharing can
            // never give weight back to a stay f gives none).
            rounds = ITERATIONS;
            double sum = 0;
            for (int s = 0; s < n; s++) {
                f[s] = 0.99 * (s < newest.stays().length ? newest.stays()[s] : 0) + 0.01 * f[s];
                sum += f[s];
            }
            for (int s = 0; s < n; s++) {
                f[s] /= sum;
            }
        }
        double[] below = new double[n + 1]; // below[s]: the share of stays shorter than s minutes
        Shares shares = new Shares(today.first(), today.in().length, timezone);
        for (int round = 0; round <= rounds; round++) {
            for (int s = 0; s < n; s++) {
                below[s + 1] = below[s] + f[s];
            }
            int longest = longest(below);
            double[] gaps = new double[n];
            // Shares of exits explained by a span of stays, per unit of f over the span, as steps (differences).
            double[] perMass = new double[n + 1];
            if (round == rounds) {
                own.share(below, longest, gaps, perMass, shares);
                break;
            }
            for (Pooled day : days) {
                day.share(below, longest, gaps, perMass, null);
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
            // The new f, each minute's share with a little of its neighbours' (see SMOOTHING); at
            // either end a minute stands in for the neighbour it lacks, so nothing is lost.
            double before = gaps[0] / total;
            for (int s = 0; s < n; s++) {
                double here = gaps[s] / total;
                double after = s + 1 < n ? gaps[s + 1] / total : here;
                f[s] = SMOOTHING * before + (1 - 2 * SMOOTHING) * here + SMOOTHING * after;
                before = here;
            }
        }
        return shares.result(f);
    }

    /**
     * The longest stay in minutes that f gives any weight that counts: beyond it, its share of
     * stays is below one in a million millions, and the sharing skips entries that long ago.
     */
    private static int longest(double[] below) {
        int n = below.length - 1;
        int s = n;
        while (s > 0 && 1 - below[s - 1] < 1e-12) {
            s--;
        }
        return s;
    }

    /** The index of the first of the sorted {@code minutes} at or after {@code minute}. */
    private static int firstAtOrAfter(int[] minutes, int minute) {
        int low = 0;
        int high = minutes.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (minutes[mid] < minute) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Whether the day has exits and enough people inside at a time for its stays to be told apart. */
    private static boolean tellsStaysApart(PooledDay day) {
        return Arrays.stream(day.out()).sum() > 0 && meanInsideWhileOpen(day.in(), day.out(), day.forced()) >= MIN_MEAN_INSIDE;
    }

    /** One day's curves, ready for the sharing: the exits to explain and the minutes with entries. */
    private static final class Pooled {
        final long[] in;
        final long[] out;
        final List<Exits> observed;
        final int[] entryMinutes;
        final long inside;
        final double[] weights;

        Pooled(PooledDay day) {
            in = day.in();
            out = day.out();
            observed = observed(day);
            entryMinutes = IntStream.range(0, in.length).filter(i -> in[i] > 0).toArray();
            inside = Arrays.stream(in).sum() - Arrays.stream(day.out()).sum();
            weights = new double[entryMinutes.length];
        }

        /**
         * Shares the day's exits among its entries by the current f ({@code below} its running
         * sums), adding them to {@code gaps} and {@code perMass}; into {@code shares} too if given
         * (the last round, for the figures).
         */
        void share(double[] below, int longest, double[] gaps, double[] perMass, Shares shares) {
            int n = in.length;
            for (Exits x : observed) {
                double sum = 0;
                // Entries longer ago than the longest stay f allows explain none of them.
                int earliest = (x.censoredFrom() >= 0 ? x.censoredFrom() : x.from()) - longest;
                int firstEntry = firstAtOrAfter(entryMinutes, earliest);
                int k = firstEntry;
                for (; k < entryMinutes.length && entryMinutes[k] <= x.to(); k++) {
                    weights[k] = in[entryMinutes[k]] * mass(below, x, entryMinutes[k]);
                    sum += weights[k];
                }
                if (sum <= 0) {
                    continue; // no stay of the current f explains them: left out of this round
                }
                for (int j = firstEntry; j < k; j++) {
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
                    if (shares != null) {
                        if (x.from() == x.to()) {
                            shares.add(t, x.from() - t, share); // the exit minute is known, censored or not
                        } else {
                            shares.addSpread(t, x.from() - t, x.to() - t, perUnit);
                        }
                    }
                }
            }
            if (inside > 0 && shares == null) {
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
        }
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
    private static List<Exits> observed(PooledDay day) {
        long[] out = day.out();
        boolean[] forced = day.forced();
        int n = out.length;
        int[] spanOf = new int[n];
        Arrays.fill(spanOf, -1);
        List<int[]> spans = IntStream.range(0, day.spreadFrom().length)
                .mapToObj(i -> new int[] {Math.max(0, day.spreadFrom()[i]), Math.min(n - 1, day.spreadTo()[i])})
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
    private static double[] start(int n, List<Pooled> days) {
        double area = 0;
        long stays = 0;
        for (Pooled day : days) {
            double inside = 0;
            long entries = 0;
            long exits = 0;
            for (int m = 0; m < day.in.length; m++) {
                area += inside + (day.in[m] - day.out[m]) / 2.0;
                inside += day.in[m] - day.out[m];
                entries += day.in[m];
                exits += day.out[m];
            }
            stays += Math.min(entries, exits);
        }
        double mean = Math.max(1, area / Math.max(1, stays));
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
            return new Result(figures(all), hourly, f);
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
