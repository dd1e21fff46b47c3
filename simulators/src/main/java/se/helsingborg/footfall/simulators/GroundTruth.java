package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What really happened in a simulation, kept by the simulated visitors themselves (not derived
 * from the device messages), so the pipeline's results can be checked against it.
 */
public final class GroundTruth {
    /** A zone's true state at the end of a minute and the people who entered and left during it. */
    public record ZoneMinute(int occupancy, int entries, int exits) {}

    private final Map<String, TreeMap<Instant, ZoneMinute>> occupancy = new TreeMap<>();
    private final Map<String, TreeMap<LocalDate, Long>> visitors = new TreeMap<>();

    void recordMinute(String zone, Instant minute, int occupancy, int entries, int exits) {
        this.occupancy.computeIfAbsent(zone, z -> new TreeMap<>()).put(minute, new ZoneMinute(occupancy, entries, exits));
    }

    void countVisitor(String site, LocalDate day) {
        visitors.computeIfAbsent(site, s -> new TreeMap<>()).merge(day, 1L, Long::sum);
    }

    /** Per zone, per minute start: occupancy at the end of the minute, entries and exits in it. */
    public Map<String, TreeMap<Instant, ZoneMinute>> occupancy() {
        return occupancy;
    }

    /** Per site, per local day: entries through the site's external gates while the entered zone was open. */
    public Map<String, TreeMap<LocalDate, Long>> visitors() {
        return visitors;
    }

    public long visitors(String site, LocalDate day) {
        return visitors.getOrDefault(site, new TreeMap<>()).getOrDefault(day, 0L);
    }
}
