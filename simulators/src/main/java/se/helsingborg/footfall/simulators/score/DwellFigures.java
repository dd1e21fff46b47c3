package se.helsingborg.footfall.simulators.score;

import java.util.Arrays;

/**
 * Dwell of one zone-day as seconds: how many stays, their mean, median and 90th percentile (null
 * where the source does not give them). Percentiles are by nearest rank, as the pipeline's.
 */
public record DwellFigures(long visits, Double meanSeconds, Double medianSeconds, Double p90Seconds) {
    /** The figures of these stays. */
    public static DwellFigures of(double[] stays) {
        if (stays.length == 0) {
            return new DwellFigures(0, null, null, null);
        }
        double[] sorted = stays.clone();
        Arrays.sort(sorted);
        return new DwellFigures(sorted.length, Arrays.stream(sorted).sum() / sorted.length, nearestRank(sorted, 0.5),
                nearestRank(sorted, 0.9));
    }

    private static double nearestRank(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
