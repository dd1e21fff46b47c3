package se.helsingborg.footfall.simulators.score;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * The analytics targets for a run with every fault on and 1 % counting error, each checked where the
 * issue sets it: occupancy MAE at most 2 % of the zone's capacity, per zone; daily visitors within
 * 1 %, per site-day; dwell mean within 5 % and median within 10 %, per zone-day and method.
 */
public final class Targets {
    public static final double OCCUPANCY_SHARE_OF_CAPACITY = 0.02;
    public static final double VISITORS_RELATIVE = 0.01;
    public static final double DWELL_MEAN_RELATIVE = 0.05;
    public static final double DWELL_MEDIAN_RELATIVE = 0.10;

    /** A zone's occupancy over the truth's span; capacity null when the site file does not know the zone. */
    public record ZoneOccupancy(String zone, Integer capacity, Comparison comparison) {
        public double shareOfCapacity() {
            if (capacity == null || capacity == 0) {
                return comparison.meanAbsoluteError() == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return comparison.meanAbsoluteError() / capacity;
        }

        public boolean met() {
            return shareOfCapacity() <= OCCUPANCY_SHARE_OF_CAPACITY;
        }
    }

    /** One site-day's visitors; the relative error is signed, negative when the pipeline counts too few. */
    public record SiteDayVisitors(String site, String day, long truth, long results) {
        public double relativeError() {
            return truth == 0 ? (results == 0 ? 0 : Double.POSITIVE_INFINITY) : (results - truth) / (double) truth;
        }

        public boolean met() {
            return Math.abs(relativeError()) <= VISITORS_RELATIVE;
        }
    }

    /**
     * One dwell figure of one method against its target: {@code pass} when every zone-day compared
     * is within it, {@code mean only} when the mean of the zone-days' relative errors is but not
     * every zone-day, {@code miss} otherwise, and {@code no data} with nothing to compare. The
     * comparison leaves out the {@code cutShort} zone-days that the simulation's end cut short
     * with people still inside ({@link SimulatedSpan}).
     */
    public record Dwell(String figure, String method, DwellComparison comparison, double target, int cutShort) {
        public String verdict() {
            if (comparison == null || comparison.compared() == 0) {
                return "no data";
            }
            if (comparison.maxRelativeError() <= target) {
                return "pass";
            }
            return comparison.meanRelativeError() <= target ? "mean only" : "miss";
        }
    }

    private Targets() {}

    /** Per zone of the truth (the site file's zones first, in its order): occupancy MAE over the zone's minutes either side has. */
    public static List<ZoneOccupancy> occupancy(Map<Key, Long> truth, Map<Key, Long> results, SiteModel site) {
        TreeSet<String> zones = new TreeSet<>();
        truth.keySet().forEach(k -> zones.add(k.id()));
        List<String> order = new ArrayList<>();
        for (Zone z : site.zones()) {
            if (zones.remove(z.id())) {
                order.add(z.id());
            }
        }
        order.addAll(zones); // zones the site file does not know: no capacity to judge by
        List<ZoneOccupancy> out = new ArrayList<>();
        for (String zone : order) {
            Integer capacity = site.zones().stream().filter(z -> z.id().equals(zone)).map(Zone::capacity).findFirst().orElse(null);
            out.add(new ZoneOccupancy(zone, capacity, Comparison.of(Metric.OCCUPANCY, only(truth, zone), only(results, zone))));
        }
        return out;
    }

    /** Per site-day of the truth: its visitors and the results' (none when the results lack the day). */
    public static List<SiteDayVisitors> visitors(Map<Key, Long> truth, Map<Key, Long> results) {
        List<SiteDayVisitors> out = new ArrayList<>();
        new TreeMap<>(truth).forEach((k, v) -> out.add(new SiteDayVisitors(k.id(), k.time(), v, results.getOrDefault(k, 0L))));
        return out;
    }

    /** The target the issue sets for a dwell figure, or null (p90 has none). */
    public static Double dwellTarget(String figure) {
        return switch (figure) {
            case "mean" -> DWELL_MEAN_RELATIVE;
            case "median" -> DWELL_MEDIAN_RELATIVE;
            default -> null;
        };
    }

    private static Map<Key, Long> only(Map<Key, Long> values, String id) {
        Map<Key, Long> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.id().equals(id)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
