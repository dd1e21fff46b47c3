package se.helsingborg.footfall.jobs;

import java.util.Arrays;

/** What the benchmarks' command lines and summaries share. */
final class Benchmarks {
    private Benchmarks() {}

    /** The value after {@code name} among {@code args}, or {@code fallback} where it is not given. */
    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** The middle of the values (the upper of the two middles for an even count). */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
