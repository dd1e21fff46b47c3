package se.helsingborg.footfall.simulators;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

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

        /** Whether the visitor carries a phone the presence sensors hear ({@link VisitorPhones#carries}). */
        public boolean phone() {
            return VisitorPhones.carries(visitor);
        }

        /**
         * The stay cut at every local midnight it spans, as a presence token sees it: a token lives
         * for one local date, so a stay across midnight is two sessions, one in each date.
         */
        public List<Visit> byLocalDate(ZoneId timezone) {
            List<Visit> pieces = new ArrayList<>();
            Instant from = entered;
            while (true) {
                Instant midnight = LocalDate.ofInstant(from, timezone).plusDays(1).atStartOfDay(timezone).toInstant();
                if (!midnight.isBefore(left)) {
                    pieces.add(new Visit(zone, visitor, from, left));
                    return pieces;
                }
                pieces.add(new Visit(zone, visitor, from, midnight));
                from = midnight;
            }
        }
    }

    /**
     * Where presence sensors listen and how the job joins their sessions into moves: the zones a
     * sensor watches, the site's time zone (a token lives for one local date) and the longest time
     * from leaving one zone to entering the next that still makes a transition.
     */
    public record PresenceSensors(Set<String> zones, ZoneId timezone, Duration transitionLimit) {
        public PresenceSensors {
            zones = Set.copyOf(new TreeSet<>(zones));
        }

        /** The site file's presence sensors. */
        public static PresenceSensors of(SiteModel site, Duration transitionLimit) {
            Set<String> zones = new TreeSet<>();
            site.devices().stream().filter(Device::sendsPresence).forEach(d -> zones.add(d.zone()));
            return new PresenceSensors(zones, site.timezone(), transitionLimit);
        }
    }

    /** One row of an origin–destination table: moves from one zone to another on a local date. */
    public record Transition(String fromZone, String toZone, LocalDate day) implements Comparable<Transition> {
        @Override
        public int compareTo(Transition o) {
            return Comparator.comparing(Transition::fromZone).thenComparing(Transition::toZone).thenComparing(Transition::day)
                    .compare(this, o);
        }
    }

    private final Map<String, TreeMap<Instant, ZoneMinute>> occupancy = new TreeMap<>();
    private final Map<String, TreeMap<Instant, GateMinute>> gates = new TreeMap<>();
    private final Map<ZoneFlow, TreeMap<Instant, Integer>> flows = new TreeMap<>(
            Comparator.comparing(ZoneFlow::fromZone).thenComparing(ZoneFlow::toZone));
    private final Map<String, TreeMap<LocalDate, Long>> visitors = new TreeMap<>();
    private final List<Visit> visits = new ArrayList<>();
    private final Map<String, Instant> inside = new HashMap<>();
    private Instant firstMinute;
    private Instant lastMinute;

    void recordMinute(String zone, Instant minute, int occupancy, int entries, int exits) {
        firstMinute = firstMinute == null || minute.isBefore(firstMinute) ? minute : firstMinute;
        lastMinute = lastMinute == null || minute.isAfter(lastMinute) ? minute : lastMinute;
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

    /**
     * The moves of the visitors who carry a phone between the zones presence sensors watch, as
     * the job makes them from token sessions (DESIGN §5): each carrier's stays in those zones, cut
     * at local midnight, taken in the order they end; a stay in another zone than the one before,
     * begun after it and no more than the limit after it ended, on the same local date, is a move
     * from it, on the date it began. It is what perfect sensors would give: a sensor that hears
     * every phone the moment it comes in and until it leaves.
     */
    public Map<Transition, Long> phoneTransitions(PresenceSensors sensors) {
        Map<Integer, List<Visit>> byCarrier = new TreeMap<>();
        for (Visit v : visits) {
            if (v.phone() && sensors.zones().contains(v.zone())) {
                byCarrier.computeIfAbsent(v.visitor(), k -> new ArrayList<>()).addAll(v.byLocalDate(sensors.timezone()));
            }
        }
        Map<Transition, Long> moves = new TreeMap<>();
        for (List<Visit> stays : byCarrier.values()) {
            stays.sort(Comparator.comparing(Visit::left).thenComparing(Visit::entered));
            for (int i = 1; i < stays.size(); i++) {
                Visit p = stays.get(i - 1);
                Visit s = stays.get(i);
                LocalDate day = LocalDate.ofInstant(s.entered(), sensors.timezone());
                if (!p.zone().equals(s.zone()) && s.entered().isAfter(p.entered())
                        && s.entered().toEpochMilli() - p.left().toEpochMilli() <= sensors.transitionLimit().toMillis()
                        && LocalDate.ofInstant(p.entered(), sensors.timezone()).equals(day)) {
                    moves.merge(new Transition(p.zone(), s.zone(), day), 1L, Long::sum);
                }
            }
        }
        return moves;
    }

    /** The first minute simulated, or null before any. */
    public Instant start() {
        return firstMinute;
    }

    /** The end of the last minute simulated, or null before any. */
    public Instant end() {
        return lastMinute == null ? null : lastMinute.plus(Duration.ofMinutes(1));
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
        writeCsv(dir, null);
    }

    /**
     * As {@link #writeCsv(Path)}, and where the site has presence sensors also
     * {@code zone_transitions.csv}: the {@link #phoneTransitions} of the carriers, in the shape of
     * the job's table (from_zone, to_zone, day, transitions).
     */
    public void writeCsv(Path dir, PresenceSensors sensors) throws IOException {
        Files.createDirectories(dir);
        if (firstMinute != null) {
            // what was simulated: a day the end cuts short, with people still inside, has stays the truth never finished
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("simulated.csv"))) {
                w.write("start,end\n" + start() + "," + end() + "\n");
            }
        }
        if (sensors != null && !sensors.zones().isEmpty()) {
            try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("zone_transitions.csv"))) {
                w.write("from_zone,to_zone,day,transitions\n");
                for (var t : phoneTransitions(sensors).entrySet()) {
                    w.write(t.getKey().fromZone() + "," + t.getKey().toZone() + "," + t.getKey().day() + "," + t.getValue() + "\n");
                }
            }
        }
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
            // phone: whether presence sensors hear the visitor, whose stays are the truth of token dwell
            w.write("zone_id,visitor,entered,left,dwell_s,phone\n");
            for (Visit v : visits) {
                w.write(v.zone() + "," + v.visitor() + "," + v.entered() + "," + v.left() + "," + v.dwellSeconds() + "," + v.phone()
                        + "\n");
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
