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

    private final List<Line> lines;

    private Scorecard(List<Line> lines) {
        this.lines = lines;
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
        return new Scorecard(lines);
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
    }
}
