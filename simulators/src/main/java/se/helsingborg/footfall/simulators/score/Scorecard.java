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
            new DwellFigure("p90", "fifo", DwellFigures::p90Seconds));

    private record DwellFigure(String figure, String method, java.util.function.Function<DwellFigures, Double> value) {}

    /** One dwell line of the card: the comparison, or why there is none. */
    public record DwellLine(String figure, String method, DwellComparison comparison, String absent) {}

    private final List<Line> lines;
    private final List<DwellLine> dwell;

    private Scorecard(List<Line> lines, List<DwellLine> dwell) {
        this.lines = lines;
        this.dwell = dwell;
    }

    /**
     * Every metric, and dwell per zone-day when the truth is a directory with the stays: its days
     * are the zones' days of {@code site} (time zone and reset times).
     */
    public static Scorecard score(ResultTables truth, ResultTables results, se.helsingborg.footfall.ingest.site.SiteModel site)
            throws Exception {
        Scorecard card = score(truth, results);
        List<DwellLine> dwell = new ArrayList<>();
        Optional<Map<Key, DwellFigures>> expected = truth instanceof CsvTables csv ? DwellTruth.read(csv.dir(), site) : Optional.empty();
        for (DwellFigure f : DWELL) {
            if (expected.isEmpty()) {
                dwell.add(new DwellLine(f.figure(), f.method(), null, "not in truth"));
                continue;
            }
            TimeSpan span = TimeSpan.of(expected.get().keySet());
            Optional<Map<Key, DwellFigures>> actual = span == null ? Optional.of(Map.of()) : results.dwell(f.method(), span);
            dwell.add(actual.isEmpty() ? new DwellLine(f.figure(), f.method(), null, "not in results")
                    : new DwellLine(f.figure(), f.method(), DwellComparison.of(f.figure(), f.method(), expected.get(), actual.get(),
                            f.value()), null));
        }
        return new Scorecard(card.lines, dwell);
    }

    /** The dwell lines (none unless scored with a site). */
    public List<DwellLine> dwellLines() {
        return dwell;
    }

    /** The dwell line of one figure by one method, e.g. ("median", "fifo"). */
    public DwellLine dwell(String figure, String method) {
        return dwell.stream().filter(l -> l.figure().equals(figure) && l.method().equals(method)).findFirst().orElseThrow();
    }

    public static Scorecard score(ResultTables truth, ResultTables results) throws Exception {
        List<Line> lines = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            Optional<Map<Key, Long>> expected = truth.read(metric, null);
            if (expected.isEmpty()) {
                lines.add(new Line(metric, null, "not in truth"));
                continue;
            }
            TimeSpan span = TimeSpan.of(expected.get().keySet());
            Optional<Map<Key, Long>> actual = span == null ? Optional.of(Map.of()) : results.read(metric, span);
            if (actual.isEmpty()) {
                lines.add(new Line(metric, null, "not in results"));
            } else {
                lines.add(new Line(metric, Comparison.of(metric, expected.get(), actual.get()), null));
            }
        }
        return new Scorecard(lines, List.of());
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
}
