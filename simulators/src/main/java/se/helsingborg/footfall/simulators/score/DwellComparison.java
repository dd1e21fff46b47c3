package se.helsingborg.footfall.simulators.score;

import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How far one dwell figure of the results (mean, median or p90, in seconds) is from the truth,
 * per zone-day. Unlike counts, a missing dwell is not zero: errors are taken over the zone-days
 * both sides have, and the others are counted as missing. Relative errors are |results − truth| /
 * truth, the form of the targets (mean within 5 %, median within 10 %).
 *
 * @param compared zone-days both sides have
 * @param exactShare share of those within half a second
 * @param meanRelativeError mean of the relative errors
 * @param maxRelativeError largest relative error
 */
public record DwellComparison(String figure, String method, int compared, int missingInResults, int missingInTruth,
        double meanAbsoluteError, double bias, double maxError, double exactShare, double meanRelativeError,
        double maxRelativeError) {

    public static DwellComparison of(String figure, String method, Map<Key, DwellFigures> truth, Map<Key, DwellFigures> results,
            Function<DwellFigures, Double> value) {
        TreeSet<Key> keys = new TreeSet<>(truth.keySet());
        keys.addAll(results.keySet());
        int compared = 0;
        int missingInResults = 0;
        int missingInTruth = 0;
        double absolute = 0;
        double signed = 0;
        double max = 0;
        int exact = 0;
        double relative = 0;
        double maxRelative = 0;
        for (Key k : keys) {
            Double t = truth.containsKey(k) ? value.apply(truth.get(k)) : null;
            Double r = results.containsKey(k) ? value.apply(results.get(k)) : null;
            if (t == null && r == null) {
                continue; // neither side has a stay to give the figure
            }
            if (r == null) {
                missingInResults++;
                continue;
            }
            if (t == null) {
                missingInTruth++;
                continue;
            }
            compared++;
            double error = r - t;
            absolute += Math.abs(error);
            signed += error;
            max = Math.max(max, Math.abs(error));
            exact += Math.abs(error) < 0.5 ? 1 : 0;
            double rel = t == 0 ? (error == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.abs(error) / t;
            relative += rel;
            maxRelative = Math.max(maxRelative, rel);
        }
        int n = compared;
        return new DwellComparison(figure, method, n, missingInResults, missingInTruth, n == 0 ? 0 : absolute / n,
                n == 0 ? 0 : signed / n, max, n == 0 ? 1 : exact / (double) n, n == 0 ? 0 : relative / n, maxRelative);
    }
}
