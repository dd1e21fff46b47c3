package se.helsingborg.footfall.simulators.score;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pipeline's results against the simulator's truth, metric by metric. A metric the results do
 * not have is listed as such, never left out, so a missing table cannot pass for a perfect score.
 */
public final class Scorecard {
    /** One line of the card: the comparison, or why there is none. */
    public record Line(Metric metric, Comparison comparison, String absent) {}

    /** The dwell figures compared, in the order printed: which figure, from which of the results' methods. */
    private static final List<DwellFigure> DWELL = List.of(
            new DwellFigure("mean", "littles-law", DwellFigures::meanSeconds),
            new DwellFigure("mean", "fifo", DwellFigures::meanSeconds),
            new DwellFigure("median", "fifo", DwellFigures::medianSeconds),
            new DwellFigure("p90", "fifo", DwellFigures::p90Seconds),
            new DwellFigure("median", "deconvolution", DwellFigures::medianSeconds),
            new DwellFigure("p90", "deconvolution", DwellFigures::p90Seconds));

    private record DwellFigure(String figure, String method, java.util.function.Function<DwellFigures, Double> value) {}

    /** One dwell line of the card: the comparison, or why there is none. */
    public record DwellLine(String figure, String method, DwellComparison comparison, String absent) {}

    /** Per pair of zones: the days either side has, the moves on them in all, and the per-day comparison. */
    public record PairTotal(String pair, long truth, long results, Comparison perDay) {
        /** Signed: results − truth over the truth, of the totals. */
        public double relativeError() {
            return truth == 0 ? (results == 0 ? 0 : Double.POSITIVE_INFINITY) : (results - truth) / (double) truth;
        }
    }

    /**
     * Presence tokens against the truth of the visitors who carry a phone ({@link TokenTruth}):
     * dwell per zone and local date, and moves per pair of zones; {@code absent} says why there is
     * nothing to compare (then the rest is empty).
     */
    public record Tokens(TokenTruth truth, String absent, List<DwellLine> dwell, List<PairTotal> transitions) {
        /** The token dwell line of one figure. */
        public DwellLine dwell(String figure) {
            return dwell.stream().filter(l -> l.figure().equals(figure)).findFirst().orElseThrow();
        }

        /** The moves from one zone to another, e.g. ("park-north", "lib"). */
        public PairTotal transitions(String from, String to) {
            return transitions.stream().filter(p -> p.pair().equals(from + "→" + to)).findFirst().orElseThrow();
        }
    }

    private static final List<String> TOKEN_FIGURES = List.of("mean", "median", "p90");

    private final List<Line> lines;
    private final List<DwellLine> dwell;
    private final List<Targets.ZoneOccupancy> occupancyTargets;
    private final List<Targets.SiteDayVisitors> visitorTargets;
    private final List<Targets.Dwell> dwellTargets;
    private final Tokens tokens;

    private Scorecard(List<Line> lines, List<DwellLine> dwell, List<Targets.ZoneOccupancy> occupancyTargets,
            List<Targets.SiteDayVisitors> visitorTargets, List<Targets.Dwell> dwellTargets, Tokens tokens) {
        this.lines = lines;
        this.dwell = dwell;
        this.occupancyTargets = occupancyTargets;
        this.visitorTargets = visitorTargets;
        this.dwellTargets = dwellTargets;
        this.tokens = tokens;
    }

    /** The metrics' lines and the values read for them: the truth's of every metric it has, the results' where both have it. */
    private record Read(List<Line> lines, Map<Metric, Map<Key, Long>> truth, Map<Metric, Map<Key, Long>> results) {}

    private static Read read(ResultTables truth, ResultTables results) throws Exception {
        List<Line> lines = new ArrayList<>();
        Map<Metric, Map<Key, Long>> truths = new java.util.EnumMap<>(Metric.class);
        Map<Metric, Map<Key, Long>> actuals = new java.util.EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            Optional<Map<Key, Long>> expected = truth.read(metric, null);
            if (expected.isEmpty()) {
                lines.add(new Line(metric, null, "not in truth"));
                continue;
            }
            truths.put(metric, expected.get());
            TimeSpan span = TimeSpan.of(expected.get().keySet());
            Optional<Map<Key, Long>> actual = span == null ? Optional.of(Map.of()) : results.read(metric, span);
            if (actual.isEmpty()) {
                lines.add(new Line(metric, null, "not in results"));
            } else {
                lines.add(new Line(metric, Comparison.of(metric, expected.get(), actual.get()), null));
                actuals.put(metric, actual.get());
            }
        }
        return new Read(lines, truths, actuals);
    }

    /**
     * Every metric, dwell per zone-day when the truth is a directory with the stays (its days are
     * the zones' days of {@code site}: time zone and reset times), the analytics targets (capacities
     * from {@code site}), and presence tokens against the carriers' truth in the zones
     * {@code site}'s presence sensors watch.
     */
    public static Scorecard score(ResultTables truth, ResultTables results, se.helsingborg.footfall.ingest.site.SiteModel site)
            throws Exception {
        Read read = read(truth, results);
        List<DwellLine> dwell = new ArrayList<>();
        List<Targets.Dwell> dwellTargets = new ArrayList<>();
        Optional<Map<Key, DwellFigures>> expected = truth instanceof CsvTables csv ? DwellTruth.read(csv.dir(), site) : Optional.empty();
        CutShort cut = CutShort.of(truth, read, site);
        for (DwellFigure f : DWELL) {
            dwell.add(dwellLine(f.figure(), f.method(), expected, results, f.value(), cut.zoneDays(), dwellTargets));
        }
        List<Targets.ZoneOccupancy> occupancy = read.results().containsKey(Metric.OCCUPANCY)
                ? Targets.occupancy(read.truth().get(Metric.OCCUPANCY), read.results().get(Metric.OCCUPANCY), site) : List.of();
        List<Targets.SiteDayVisitors> visitors = read.results().containsKey(Metric.VISITORS)
                ? Targets.visitors(read.truth().get(Metric.VISITORS), read.results().get(Metric.VISITORS)) : List.of();
        Tokens tokens = tokens(truth, results, site, read, cut.localDates(), dwellTargets);
        return new Scorecard(read.lines(), dwell, occupancy, visitors, dwellTargets, tokens);
    }

    /**
     * The zone-days that the simulation's end cut short with people still inside, whose stays the
     * truth never finished: per the zones' own days, and per local date (tokens). Empty when the
     * truth does not say what it covered.
     */
    private record CutShort(java.util.Set<Key> zoneDays, java.util.Set<Key> localDates) {
        static CutShort of(ResultTables truth, Read read, se.helsingborg.footfall.ingest.site.SiteModel site) throws Exception {
            java.util.Set<Key> zoneDays = new java.util.TreeSet<>();
            java.util.Set<Key> localDates = new java.util.TreeSet<>();
            Optional<SimulatedSpan> span = truth instanceof CsvTables csv ? SimulatedSpan.read(csv.dir()) : Optional.empty();
            Map<Key, Long> occupancy = read.truth().get(Metric.OCCUPANCY);
            if (span.isPresent() && occupancy != null) {
                java.time.Instant last = span.get().end().minusSeconds(60);
                occupancy.forEach((k, people) -> {
                    if (k.time().equals(span.get().lastMinute()) && people > 0) {
                        zoneDays.add(new Key(k.id(), DwellTruth.dayOf(site, k.id(), last).toString()));
                        localDates.add(new Key(k.id(), java.time.LocalDate.ofInstant(last, site.timezone()).toString()));
                    }
                });
            }
            return new CutShort(zoneDays, localDates);
        }
    }

    /** The dwell line of all zone-days, and the target's comparison, without those cut short, when the figure has a target. */
    private static DwellLine dwellLine(String figure, String method, Optional<Map<Key, DwellFigures>> expected, ResultTables results,
            java.util.function.Function<DwellFigures, Double> value, java.util.Set<Key> cut, List<Targets.Dwell> targets)
            throws Exception {
        Double target = Targets.dwellTarget(figure);
        if (expected.isEmpty()) {
            if (target != null) {
                targets.add(new Targets.Dwell(figure, method, null, target, 0));
            }
            return new DwellLine(figure, method, null, "not in truth");
        }
        TimeSpan span = TimeSpan.of(expected.get().keySet());
        Optional<Map<Key, DwellFigures>> actual = span == null ? Optional.of(Map.of()) : results.dwell(method, span);
        if (actual.isEmpty()) {
            if (target != null) {
                targets.add(new Targets.Dwell(figure, method, null, target, 0));
            }
            return new DwellLine(figure, method, null, "not in results");
        }
        if (target != null) {
            Map<Key, DwellFigures> t = new java.util.TreeMap<>(expected.get());
            Map<Key, DwellFigures> r = new java.util.TreeMap<>(actual.get());
            int before = new java.util.TreeSet<>(java.util.stream.Stream.concat(t.keySet().stream(), r.keySet().stream()).toList()).size();
            t.keySet().removeAll(cut);
            r.keySet().removeAll(cut);
            int after = new java.util.TreeSet<>(java.util.stream.Stream.concat(t.keySet().stream(), r.keySet().stream()).toList()).size();
            targets.add(new Targets.Dwell(figure, method, DwellComparison.of(figure, method, t, r, value), target, before - after));
        }
        return new DwellLine(figure, method, DwellComparison.of(figure, method, expected.get(), actual.get(), value), null);
    }

    private static Tokens tokens(ResultTables truth, ResultTables results, se.helsingborg.footfall.ingest.site.SiteModel site, Read read,
            java.util.Set<Key> cut, List<Targets.Dwell> targets) throws Exception {
        Optional<TokenTruth> carriers = truth instanceof CsvTables csv ? TokenTruth.read(csv.dir(), site) : Optional.empty();
        if (carriers.isEmpty()) {
            return new Tokens(null, "not in truth (its dwell.csv has no phone column)", List.of(), List.of());
        }
        if (carriers.get().zones().isEmpty()) {
            return new Tokens(carriers.get(), "no presence sensor in the site file", List.of(), List.of());
        }
        List<DwellLine> dwell = new ArrayList<>();
        Optional<Map<Key, DwellFigures>> expected = Optional.of(carriers.get().dwell());
        for (String figure : TOKEN_FIGURES) {
            java.util.function.Function<DwellFigures, Double> value = switch (figure) {
                case "mean" -> DwellFigures::meanSeconds;
                case "median" -> DwellFigures::medianSeconds;
                default -> DwellFigures::p90Seconds;
            };
            dwell.add(dwellLine(figure, "tokens", expected, results, value, cut, targets));
        }
        List<PairTotal> pairs = new ArrayList<>();
        Map<Key, Long> t = read.truth().get(Metric.TOKEN_TRANSITIONS);
        Map<Key, Long> r = read.results().get(Metric.TOKEN_TRANSITIONS);
        if (t != null && r != null) {
            java.util.TreeSet<String> ids = new java.util.TreeSet<>();
            t.keySet().forEach(k -> ids.add(k.id()));
            r.keySet().forEach(k -> ids.add(k.id()));
            for (String pair : ids) {
                Map<Key, Long> tp = new java.util.TreeMap<>();
                Map<Key, Long> rp = new java.util.TreeMap<>();
                t.forEach((k, v) -> { if (k.id().equals(pair)) tp.put(k, v); });
                r.forEach((k, v) -> { if (k.id().equals(pair)) rp.put(k, v); });
                pairs.add(new PairTotal(pair, tp.values().stream().mapToLong(Long::longValue).sum(),
                        rp.values().stream().mapToLong(Long::longValue).sum(), Comparison.of(Metric.TOKEN_TRANSITIONS, tp, rp)));
            }
        }
        return new Tokens(carriers.get(), null, dwell, pairs);
    }

    /** The dwell lines (none unless scored with a site). */
    public List<DwellLine> dwellLines() {
        return dwell;
    }

    /** The dwell line of one figure by one method, e.g. ("median", "fifo"). */
    public DwellLine dwell(String figure, String method) {
        return dwell.stream().filter(l -> l.figure().equals(figure) && l.method().equals(method)).findFirst().orElseThrow();
    }

    /** Occupancy per zone against 2 % of its capacity (none unless scored with a site). */
    public List<Targets.ZoneOccupancy> occupancyTargets() {
        return occupancyTargets;
    }

    /** Visitors per site-day against 1 % (none unless scored with a site). */
    public List<Targets.SiteDayVisitors> visitorTargets() {
        return visitorTargets;
    }

    /** Dwell mean and median per method, tokens included, against 5 % and 10 % (none unless scored with a site). */
    public List<Targets.Dwell> dwellTargets() {
        return dwellTargets;
    }

    /** Presence tokens against the carriers' truth; null unless scored with a site. */
    public Tokens tokens() {
        return tokens;
    }

    public static Scorecard score(ResultTables truth, ResultTables results) throws Exception {
        return new Scorecard(read(truth, results).lines(), List.of(), List.of(), List.of(), List.of(), null);
    }

    public List<Line> lines() {
        return lines;
    }

    /** The line of one metric. */
    public Line line(Metric metric) {
        return lines.stream().filter(l -> l.metric() == metric).findFirst().orElseThrow();
    }

    public void print(PrintStream out) {
        out.printf(java.util.Locale.ROOT, "%-13s %-17s %9s %10s %10s %9s %9s %7s %7s%n", "metric", "per", "compared", "missing in", "missing in",
                "MAE", "bias", "max", "exact");
        out.printf(java.util.Locale.ROOT, "%-13s %-17s %9s %10s %10s %9s %9s %7s %7s%n", "", "", "keys", "results", "truth", "", "", "error", "");
        for (Line l : lines) {
            Comparison c = l.comparison();
            if (c == null) {
                out.printf(java.util.Locale.ROOT, "%-13s %-17s %s%n", l.metric().label(), l.metric().per(), l.absent());
            } else {
                out.printf(java.util.Locale.ROOT, "%-13s %-17s %9d %10d %10d %9.3f %+9.3f %7d %6.1f%%%n", l.metric().label(), l.metric().per(),
                        c.compared(), c.missingInResults(), c.missingInTruth(), c.meanAbsoluteError(), c.bias(), c.maxError(),
                        100 * c.exactShare());
            }
        }
        if (!dwell.isEmpty()) {
            printDwell(out);
        }
        if (tokens != null) {
            printTokens(out);
        }
        if (!occupancyTargets.isEmpty() || !visitorTargets.isEmpty() || !dwellTargets.isEmpty()) {
            printTargets(out);
        }
    }

    /** Token dwell and moves, said to be against the carriers' truth, as they are. */
    private void printTokens(PrintStream out) {
        java.util.Locale root = java.util.Locale.ROOT;
        out.println();
        if (tokens.absent() != null) {
            out.printf(root, "presence tokens: %s%n", tokens.absent());
            return;
        }
        out.printf(root, "presence tokens, against the truth of the visitors who carry a phone the sensors hear (%.1f%% of the stays)%n",
                100 * tokens.truth().carriedShare());
        out.printf(root, "in the zones a presence sensor watches (%s), by local date; tokens never see the other visitors%n",
                String.join(", ", tokens.truth().zones()));
        out.printf(root, "%-13s %-12s %9s %10s %10s %9s %9s %9s %7s %8s %8s%n", "token dwell", "method", "compared", "missing in",
                "missing in", "MAE", "bias", "max", "exact", "mean rel", "max rel");
        out.printf(root, "%-13s %-12s %9s %10s %10s %9s %9s %9s %7s %8s %8s%n", "(s) zone-day", "", "keys", "results", "truth", "", "",
                "error", "", "error", "error");
        for (DwellLine l : tokens.dwell()) {
            printDwellLine(out, l);
        }
        if (tokens.transitions().isEmpty()) {
            out.println("transitions: " + line(Metric.TOKEN_TRANSITIONS).absent());
            return;
        }
        out.printf(root, "%-13s %-24s %9s %9s %9s %9s %9s%n", "transitions", "from → to", "truth", "results", "rel error", "days",
                "MAE/day");
        for (PairTotal p : tokens.transitions()) {
            out.printf(root, "%-13s %-24s %9d %9d %+8.1f%% %9d %9.2f%n", "", p.pair(), p.truth(), p.results(), 100 * p.relativeError(),
                    p.perDay().compared(), p.perDay().meanAbsoluteError());
        }
    }

    /** The analytics targets, each with its figure and whether it is met. */
    private void printTargets(PrintStream out) {
        java.util.Locale root = java.util.Locale.ROOT;
        out.println();
        out.println("targets (of the analytics, for every fault on with 1 % counting error)");
        out.printf(root, "%-26s %-36s %10s %10s %8s  %s%n", "target", "for", "measured", "", "target", "result");
        for (Targets.ZoneOccupancy z : occupancyTargets) {
            String capacity = z.capacity() == null ? "not in site file" : "capacity " + z.capacity();
            out.printf(root, "%-26s %-36s %9.3f%% %10s %7.1f%%  %s%n", "occupancy MAE / capacity", z.zone() + " (" + capacity + ")",
                    100 * z.shareOfCapacity(), String.format(root, "MAE %.2f", z.comparison().meanAbsoluteError()),
                    100 * Targets.OCCUPANCY_SHARE_OF_CAPACITY, z.met() ? "pass" : "miss");
        }
        for (Targets.SiteDayVisitors v : visitorTargets) {
            out.printf(root, "%-26s %-36s %+9.3f%% %10s %7.1f%%  %s%n", "visitors, relative error", v.site() + " " + v.day(),
                    100 * v.relativeError(), v.results() + "/" + v.truth(), 100 * Targets.VISITORS_RELATIVE, v.met() ? "pass" : "miss");
        }
        if (!dwellTargets.isEmpty()) {
            out.printf(root, "%-26s %-36s %10s %10s %8s  %s%n", "", "", "mean", "max", "", "");
            out.printf(root, "%-26s %-36s %10s %10s %8s  %s%n", "", "", "per zone-day", "zone-day", "", "");
        }
        for (Targets.Dwell d : dwellTargets) {
            DwellComparison c = d.comparison();
            String method = d.method().equals("tokens") ? "tokens, carriers" : d.method();
            String label = "dwell " + d.figure() + ", rel. error";
            if (c == null || c.compared() == 0) {
                out.printf(root, "%-26s %-36s %10s %10s %7.1f%%  %s%n", label, method, "-", "-", 100 * d.target(), d.verdict());
            } else {
                String days = c.compared() + " zone-days" + (d.cutShort() > 0 ? ", " + d.cutShort() + " cut" : "");
                out.printf(root, "%-26s %-36s %9.2f%% %9.2f%% %7.1f%%  %s%n", label, method + " (" + days + ")",
                        100 * c.meanRelativeError(), 100 * c.maxRelativeError(), 100 * d.target(), d.verdict());
            }
        }
        out.println("occupancy MAE over the minutes either side has a row; pass: every zone, site-day or zone-day within;");
        out.println("mean only: the mean of the zone-days within, not every one; cut: zone-days left out of the dwell targets,");
        out.println("the end of the simulation cut them short with people inside, whose stays the truth never finished");
    }

    /** Dwell in seconds per zone-day, with the relative errors the targets are set in. */
    private void printDwell(PrintStream out) {
        java.util.Locale root = java.util.Locale.ROOT;
        out.println();
        out.printf(root, "%-13s %-12s %9s %10s %10s %9s %9s %9s %7s %8s %8s%n", "dwell (s)", "method", "compared", "missing in",
                "missing in", "MAE", "bias", "max", "exact", "mean rel", "max rel");
        out.printf(root, "%-13s %-12s %9s %10s %10s %9s %9s %9s %7s %8s %8s%n", "per zone-day", "", "keys", "results", "truth", "", "",
                "error", "", "error", "error");
        for (DwellLine l : dwell) {
            printDwellLine(out, l);
        }
    }

    private static void printDwellLine(PrintStream out, DwellLine l) {
        java.util.Locale root = java.util.Locale.ROOT;
        DwellComparison c = l.comparison();
        String label = "dwell " + l.figure();
        if (c == null) {
            out.printf(root, "%-13s %-12s %s%n", label, l.method(), l.absent());
        } else {
            out.printf(root, "%-13s %-12s %9d %10d %10d %9.1f %+9.1f %9.1f %6.1f%% %7.2f%% %7.2f%%%n", label, l.method(), c.compared(),
                    c.missingInResults(), c.missingInTruth(), c.meanAbsoluteError(), c.bias(), c.maxError(), 100 * c.exactShare(),
                    100 * c.meanRelativeError(), 100 * c.maxRelativeError());
        }
    }
}
