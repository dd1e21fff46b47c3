package se.helsingborg.footfall.simulators.score;

import java.util.Map;
import java.util.TreeSet;

/**
 * How far one metric of the results is from the truth, over every key either side has. A key one
 * side lacks counts as zero there, as the results mean it (no occupancy row: nobody inside and
 * nobody passing), and is counted as missing on that side.
 *
 * @param compared keys on either side
 * @param missingInResults keys only the truth has
 * @param missingInTruth keys only the results have
 * @param meanAbsoluteError mean of |results − truth|
 * @param bias mean of results − truth: negative when the pipeline counts too few
 * @param maxError largest |results − truth|
 * @param exactShare share of keys where results and truth are equal
 */
public record Comparison(Metric metric, int compared, int missingInResults, int missingInTruth, double meanAbsoluteError,
        double bias, long maxError, double exactShare) {

    public static Comparison of(Metric metric, Map<Key, Long> truth, Map<Key, Long> results) {
        TreeSet<Key> keys = new TreeSet<>(truth.keySet());
        keys.addAll(results.keySet());
        int missingInResults = 0;
        int missingInTruth = 0;
        long absolute = 0;
        long signed = 0;
        long max = 0;
        int exact = 0;
        for (Key k : keys) {
            Long t = truth.get(k);
            Long r = results.get(k);
            if (r == null) {
                missingInResults++;
            }
            if (t == null) {
                missingInTruth++;
            }
            long error = (r == null ? 0 : r) - (t == null ? 0 : t);
            absolute += Math.abs(error);
            signed += error;
            max = Math.max(max, Math.abs(error));
            if (error == 0) {
                exact++;
            }
        }
        int n = keys.size();
        return new Comparison(metric, n, missingInResults, missingInTruth, n == 0 ? 0 : absolute / (double) n,
                n == 0 ? 0 : signed / (double) n, max, n == 0 ? 1 : exact / (double) n);
    }
}
