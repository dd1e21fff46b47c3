package se.helsingborg.footfall.simulators.score;

import java.util.Map;
import java.util.Optional;

/** Somewhere results are kept in the shape of DESIGN §7: a directory of CSV files, or the database. */
public interface ResultTables {
    /**
     * The metric's values within {@code span} (all of them when null), or empty when these
     * results have no such table at all.
     */
    Optional<Map<Key, Long>> read(Metric metric, TimeSpan span) throws Exception;

    /** Where the results are, for the printout. */
    String describe();
}
