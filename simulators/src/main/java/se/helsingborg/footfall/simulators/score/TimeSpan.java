package se.helsingborg.footfall.simulators.score;

import java.util.Collection;

/**
 * The times the truth covers, first and last inclusive, written as the results write them. Results
 * outside it (other days in the same database) are not the simulation's and are not compared.
 */
public record TimeSpan(String first, String last) {
    public boolean contains(String time) {
        return time.compareTo(first) >= 0 && time.compareTo(last) <= 0;
    }

    /** The span of these keys' times, or null when there are none. */
    public static TimeSpan of(Collection<Key> keys) {
        String first = null;
        String last = null;
        for (Key k : keys) {
            if (first == null || k.time().compareTo(first) < 0) {
                first = k.time();
            }
            if (last == null || k.time().compareTo(last) > 0) {
                last = k.time();
            }
        }
        return first == null ? null : new TimeSpan(first, last);
    }
}
