package se.helsingborg.footfall.simulators;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What really happened in a simulation, kept by the simulated visitors themselves (not derived
 * from the device messages), so the pipeline's results can be checked against it. It is what the
 * visitors did: counters that miss people and faults on the way to the broker do not change it.
 */
public final class GroundTruth {
    /** A zone's true state at the end of a minute and the people who entered and left during it. */
    public record ZoneMinute(int occupancy, int entries, int exits) {}

    /** People through a gate in a minute: {@code entries} in its from → to direction, {@code exits} back. */
    public record GateMinute(int entries, int exits) {}

    /** From one named zone straight into another (never {@code outside}). */
    public record ZoneFlow(String fromZone, String toZone) {}

    /** One visitor's stay in one zone, from the crossing in to the crossing out. */
    public record Visit(String zone, int visitor, Instant entered, Instant left) {
        public long dwellSeconds() {
            return Duration.between(entered, left).toSeconds();
        }
    }

    private final Map<String, TreeMap<Instant, ZoneMinute>> occupancy = new TreeMap<>();
    private final Map<String, TreeMap<Instant, GateMinute>> gates = new TreeMap<>();
    private final Map<ZoneFlow, TreeMap<Instant, Integer>> flows = new TreeMap<>(
            Comparator.comparing(ZoneFlow::fromZone).thenComparing(ZoneFlow::toZone));
    private final Map<String, TreeMap<LocalDate, Long>> visitors = new TreeMap<>();
    private final List<Visit> visits = new ArrayList<>();
    private final Map<String, Instant> inside = new HashMap<>();

    void recordMinute(String zone, Instant minute, int occupancy, int entries, int exits) {
        this.occupancy.computeIfAbsent(zone, z -> new TreeMap<>()).put(minute, new ZoneMinute(occupancy, entries, exits));
    }

    void countVisitor(String site, LocalDate day) {
        visitors.computeIfAbsent(site, s -> new TreeMap<>()).merge(day, 1L, Long::sum);
    }

    void countCrossing(String gate, Instant t, boolean in) {
        gates.computeIfAbsent(gate, g -> new TreeMap<>()).merge(t.truncatedTo(ChronoUnit.MINUTES),
                new GateMinute(in ? 1 : 0, in ? 0 : 1), (a, b) -> new GateMinute(a.entries() + b.entries(), a.exits() + b.exits()));
    }

    void countFlow(String fromZone, String toZone, Instant t) {
        flows.computeIfAbsent(new ZoneFlow(fromZone, toZone), f -> new TreeMap<>())
                .merge(t.truncatedTo(ChronoUnit.MINUTES), 1, Integer::sum);
    }

    void entered(int visitor, String zone, Instant t) {
        inside.put(visitor + "/" + zone, t);
    }

    void left(int visitor, String zone, Instant t) {
        Instant entered = inside.remove(visitor + "/" + zone);
        if (entered != null) { // null: inside since before the simulation began (never, as it starts empty)
            visits.add(new Visit(zone, visitor, entered, t));
        }
    }

    /** Per zone, per minute start: occupancy at the end of the minute, entries and exits in it. */
    public Map<String, TreeMap<Instant, ZoneMinute>> occupancy() {
        return occupancy;
    }

    /** Per gate, per minute start: the minute's crossings in each direction (minutes without any left out). */
    public Map<String, TreeMap<Instant, GateMinute>> gateCounts() {
        return gates;
    }

    /** Per pair of zones, per minute start: people who walked from one straight into the other. */
    public Map<ZoneFlow, TreeMap<Instant, Integer>> flows() {
        return flows;
    }

    /** Every finished stay in a zone, in the order they ended; stays still going at the end are left out. */
    public List<Visit> visits() {
        return visits;
    }

    /** Per site, per local day: entries through the site's external gates while the entered zone was open. */
    public Map<String, TreeMap<LocalDate, Long>> visitors() {
        return visitors;
    }

    public long visitors(String site, LocalDate day) {
        return visitors.getOrDefault(site, new TreeMap<>()).getOrDefault(day, 0L);
    }

    /**
     * Writes the truth as the pipeline writes its results (DESIGN §7): one CSV per table with a
     * header row, times ISO-8601 UTC, days local dates. As in the pipeline's tables, a zone-minute
     * with nobody inside and nobody passing has no row.
     */
    public void writeCsv(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("occupancy.csv"))) {
            w.write("zone_id,minute,occupancy,entries,exits\n");
            for (var zone : occupancy.entrySet()) {
                for (var m : zone.getValue().entrySet()) {
                    ZoneMinute z = m.getValue();
                    if (z.occupancy() != 0 || z.entries() != 0 || z.exits() != 0) {
                        w.write(zone.getKey() + "," + m.getKey() + "," + z.occupancy() + "," + z.entries() + "," + z.exits() + "\n");
                    }
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("gate_counts.csv"))) {
            w.write("gate_id,minute,entries,exits\n");
            for (var gate : gates.entrySet()) {
                for (var m : gate.getValue().entrySet()) {
                    w.write(gate.getKey() + "," + m.getKey() + "," + m.getValue().entries() + "," + m.getValue().exits() + "\n");
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("visitors_daily.csv"))) {
            w.write("site_id,day,visitors\n");
            for (var site : visitors.entrySet()) {
                for (var d : site.getValue().entrySet()) {
                    w.write(site.getKey() + "," + d.getKey() + "," + d.getValue() + "\n");
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("dwell.csv"))) {
            w.write("zone_id,visitor,entered,left,dwell_s\n");
            for (Visit v : visits) {
                w.write(v.zone() + "," + v.visitor() + "," + v.entered() + "," + v.left() + "," + v.dwellSeconds() + "\n");
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("flows.csv"))) {
            w.write("from_zone,to_zone,minute,people\n");
            for (var flow : flows.entrySet()) {
                for (var m : flow.getValue().entrySet()) {
                    w.write(flow.getKey().fromZone() + "," + flow.getKey().toZone() + "," + m.getKey() + "," + m.getValue() + "\n");
                }
            }
        }
    }
}
