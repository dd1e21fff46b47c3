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

    /**
     * The dwell figures one method gave ({@code dwell_daily}, or {@code dwell.csv} with its
     * columns) per zone and day within {@code span} (all when null); empty when there are none
     * of that form here.
     */
    default Optional<Map<Key, DwellFigures>> dwell(String method, TimeSpan span) throws Exception {
        return Optional.empty();
    }

    /** Where the results are, for the printout. */
    String describe();
}
