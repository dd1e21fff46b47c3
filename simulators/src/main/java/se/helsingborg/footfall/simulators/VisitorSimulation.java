package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * Visitors walking through the site, one simulated minute at a time, deterministic for a seed.
 *
 * <p>People arrive from outside through a top-level zone's external gates, at a rate that follows
 * the hour of day and the weekday and only while the zone is open. Each stays for a drawn dwell
 * time (cut short so that nobody is inside a zone when it closes), may step into a room inside
 * the zone and back, and leaves either to the outside or, now and then, into a neighbouring zone
 * (from the park into the library) for a second stay. The true occupancy, entries and exits of
 * every zone and the true visitors of every site are recorded in {@link GroundTruth} as they
 * happen.
 */
public final class VisitorSimulation {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private final SiteModel site;
    private final Scenario scenario;
    private final SplittableRandom random;
    private final GroundTruth truth = new GroundTruth();
    private final PriorityQueue<Move> moves = new PriorityQueue<>(
            Comparator.comparing(Move::time).thenComparingLong(Move::seq));
    private final Map<String, Integer> occupancy = new HashMap<>();
    private final Map<String, int[]> flowThisMinute = new HashMap<>();
    private Instant clock;
    private long seq;
    private int nextVisitor;

    private enum Kind { ARRIVE, EVENT_ARRIVE, ENTER_ROOM, LEAVE_ROOM, LEAVE }

    /** {@code until}: when an event's visitor leaves its room (or its zone); null for everyone else. */
    private record Move(Instant time, long seq, Kind kind, int visitor, String gate, String zone, String room,
            boolean movedOn, Instant until) {
        Move(Instant time, long seq, Kind kind, int visitor, String gate, String zone, String room, boolean movedOn) {
            this(time, seq, kind, visitor, gate, zone, room, movedOn, null);
        }
    }

    public VisitorSimulation(SiteModel site, long seed, Instant start) {
        this(site, seed, start, Scenario.defaults());
    }

    public VisitorSimulation(SiteModel site, long seed, Instant start, Scenario scenario) {
        this.site = site;
        this.scenario = scenario;
        this.random = new SplittableRandom(seed);
        this.clock = start.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        site.zones().forEach(z -> occupancy.put(z.id(), 0));
    }

    public Instant clock() {
        return clock;
    }

    public GroundTruth truth() {
        return truth;
    }

    /** Simulates the minute starting at {@link #clock()} and returns its gate crossings in time order. */
    public List<GateCrossing> nextMinute() {
        Instant end = clock.plus(MINUTE);
        scheduleArrivals(clock);
        scheduleEventArrivals(clock);
        List<GateCrossing> crossings = new ArrayList<>();
        site.zones().forEach(z -> flowThisMinute.put(z.id(), new int[2]));
        while (!moves.isEmpty() && moves.peek().time().isBefore(end)) {
            perform(moves.poll(), crossings);
        }
        for (Zone z : site.zones()) {
            int[] flow = flowThisMinute.get(z.id());
            truth.recordMinute(z.id(), clock, occupancy.get(z.id()), flow[0], flow[1]);
        }
        clock = end;
        return crossings;
    }

    private void scheduleArrivals(Instant minute) {
        for (Gate gate : site.gates()) {
            if (!gate.from().equals(Gate.OUTSIDE)) {
                continue;
            }
            Zone zone = site.zone(gate.to());
            if (!open(zone, minute) || minutesUntilClosing(zone, minute) < 10) {
                continue;
            }
            double perMinute = arrivalRatePerHour(zone, minute) / 60.0 / externalGates(zone);
            int n = poisson(perMinute);
            for (int i = 0; i < n; i++) {
                Instant t = minute.plusMillis(random.nextLong(60_000));
                schedule(new Move(t, 0, Kind.ARRIVE, nextVisitor++, gate.id(), zone.id(), null, false));
            }
        }
    }

    /**
     * An event's people arrive spread evenly over its arrival time, each through one of the
     * event zone's (or its parent's) gates from outside, the same number every run.
     */
    private void scheduleEventArrivals(Instant minute) {
        for (Scenario.Event e : scenario.events()) {
            Instant first = e.at().minus(e.arrival());
            if (minute.isBefore(first) || !minute.isBefore(e.at())) {
                continue;
            }
            long i = Duration.between(first, minute).toMinutes();
            long minutes = e.arrival().toMinutes();
            long n = e.people() * (i + 1) / minutes - e.people() * i / minutes;
            List<Zone> chain = site.ancestorsOrSelf(e.zone());
            Zone root = chain.get(chain.size() - 1);
            List<Gate> doors = site.gates().stream()
                    .filter(g -> g.from().equals(Gate.OUTSIDE) && g.to().equals(root.id())).toList();
            for (long k = 0; k < n; k++) {
                Gate gate = doors.get(random.nextInt(doors.size()));
                Instant t = minute.plusMillis(random.nextLong(60_000));
                String room = root.id().equals(e.zone()) ? null : e.zone();
                schedule(new Move(t, 0, Kind.EVENT_ARRIVE, nextVisitor++, gate.id(), root.id(), room, true,
                        e.at().plus(e.stay())));
            }
        }
    }

    /** In for the event: into its room shortly after arriving, out when it ends, and away soon after. */
    private void arriveForEvent(Move m, List<GateCrossing> out) {
        Zone zone = site.zone(m.zone());
        cross(m.time(), m.visitor(), site.gate(m.gate()), Gate.OUTSIDE, zone.id(), out);
        Instant end = m.until().plusSeconds(random.nextLong(180));
        Instant leave = end.plusSeconds(60 + random.nextLong(14 * 60));
        if (!zone.hours().isAlways()) {
            // Out before closing, whatever the programme says: nobody stays inside a closed zone.
            Instant lastCall = m.time().plus(Duration.ofMinutes(minutesUntilClosing(zone, m.time()) - 1));
            if (leave.isAfter(lastCall)) {
                leave = lastCall;
                end = end.isBefore(leave) ? end : leave.minusSeconds(30);
            }
        }
        if (m.room() != null) {
            Gate door = site.gates().stream().filter(g -> g.from().equals(zone.id()) && g.to().equals(m.room()))
                    .findFirst().orElseThrow();
            Instant enter = m.time().plusSeconds(20 + random.nextLong(100));
            // In, out and away in that order even when closing time squeezes them together.
            end = end.isAfter(enter) ? end : enter.plusSeconds(20);
            leave = leave.isAfter(end) ? leave : end.plusSeconds(20);
            schedule(new Move(enter, 0, Kind.ENTER_ROOM, m.visitor(), door.id(), zone.id(), m.room(), true, end));
        }
        schedule(new Move(leave, 0, Kind.LEAVE, m.visitor(), null, zone.id(), null, true));
    }

    private void perform(Move m, List<GateCrossing> out) {
        switch (m.kind()) {
            case ARRIVE -> arrive(m, out);
            case EVENT_ARRIVE -> arriveForEvent(m, out);
            case ENTER_ROOM -> {
                cross(m.time(), m.visitor(), site.gate(m.gate()), m.zone(), m.room(), out);
                Instant leave = m.until() != null ? m.until()
                        : m.time().plus(Duration.ofSeconds(60 + random.nextLong(20 * 60)));
                schedule(new Move(leave, 0, Kind.LEAVE_ROOM, m.visitor(), m.gate(), m.zone(), m.room(), m.movedOn()));
            }
            case LEAVE_ROOM -> cross(m.time(), m.visitor(), site.gate(m.gate()), m.room(), m.zone(), out);
            case LEAVE -> leave(m, out);
        }
    }

    private void arrive(Move m, List<GateCrossing> out) {
        Gate gate = site.gate(m.gate());
        String from = gate.to().equals(m.zone()) ? gate.from() : gate.to();
        cross(m.time(), m.visitor(), gate, from, m.zone(), out);
        Zone zone = site.zone(m.zone());
        Duration stay = dwell(zone, m.time());
        if (!zone.hours().isAlways()) {
            long left = minutesUntilClosing(zone, m.time());
            long cap = Math.max(1, left - 1 - random.nextLong(5));
            if (stay.toMinutes() >= cap) {
                stay = Duration.ofMinutes(cap).minusSeconds(random.nextLong(30));
            }
        }
        List<Gate> rooms = site.gates().stream()
                .filter(g -> g.from().equals(zone.id()) && !g.to().equals(Gate.OUTSIDE)
                        && zone.id().equals(site.zone(g.to()).parent()))
                .toList();
        // A room visit starts within the first third of the stay and lasts at most 21 minutes, so
        // with a stay of 40 minutes or more it ends before the visitor leaves the zone.
        if (!rooms.isEmpty() && stay.toMinutes() >= 40 && random.nextDouble() < 0.35) {
            Gate door = rooms.get(random.nextInt(rooms.size()));
            Instant enter = m.time().plusSeconds(60 + random.nextLong(stay.toSeconds() / 3));
            schedule(new Move(enter, 0, Kind.ENTER_ROOM, m.visitor(), door.id(), zone.id(), door.to(), m.movedOn()));
        }
        schedule(new Move(m.time().plus(stay), 0, Kind.LEAVE, m.visitor(), null, zone.id(), null, m.movedOn()));
    }

    private void leave(Move m, List<GateCrossing> out) {
        Zone zone = site.zone(m.zone());
        List<Gate> outward = new ArrayList<>();
        List<Gate> onward = new ArrayList<>();
        for (Gate g : site.gates()) {
            String other = g.from().equals(zone.id()) ? g.to() : g.to().equals(zone.id()) ? g.from() : null;
            if (other == null) {
                continue;
            }
            if (other.equals(Gate.OUTSIDE)) {
                outward.add(g);
            } else {
                Zone next = site.zone(other);
                boolean related = zone.id().equals(next.parent()) || other.equals(zone.parent());
                if (!related && !m.movedOn() && open(next, m.time()) && minutesUntilClosing(next, m.time()) >= 15) {
                    onward.add(g);
                }
            }
        }
        double onwardShare = zone.hours().isAlways() && scenario.raining(m.time())
                ? scenario.rainEffect().intoNeighbour() : Scenario.ONWARD_WHEN_DRY;
        if (!onward.isEmpty() && (outward.isEmpty() || random.nextDouble() < onwardShare)) {
            Gate g = onward.get(random.nextInt(onward.size()));
            String next = g.from().equals(zone.id()) ? g.to() : g.from();
            // Leaving into the neighbouring zone is arriving there: one crossing, a new stay.
            arrive(new Move(m.time(), 0, Kind.ARRIVE, m.visitor(), g.id(), next, null, true), out);
            return;
        }
        if (outward.isEmpty()) {
            throw new IllegalStateException("zone " + zone.id() + " has no way out; the site file needs a gate to outside");
        }
        Gate g = outward.get(random.nextInt(outward.size()));
        cross(m.time(), m.visitor(), g, zone.id(), Gate.OUTSIDE, out);
    }

    /** One person moves from zone {@code from} to zone {@code to} through {@code gate}. */
    private void cross(Instant t, int visitor, Gate gate, String from, String to, List<GateCrossing> out) {
        boolean in = gate.from().equals(from) && gate.to().equals(to);
        if (!in && !(gate.to().equals(from) && gate.from().equals(to))) {
            throw new IllegalStateException("gate " + gate.id() + " does not join " + from + " and " + to);
        }
        out.add(new GateCrossing(t, gate.id(), in, visitor));
        truth.countCrossing(gate.id(), t, in);
        truth.countFlow(from, to, t); // 'outside' too: street → park is a flow planners ask about
        List<Zone> left = site.ancestorsOrSelf(from);
        List<Zone> entered = site.ancestorsOrSelf(to);
        for (Zone z : left) {
            if (!entered.contains(z)) {
                occupancy.merge(z.id(), -1, Integer::sum);
                flowThisMinute.get(z.id())[1]++;
                truth.left(visitor, z.id(), t);
            }
        }
        String fromSite = from.equals(Gate.OUTSIDE) ? null : site.siteOf(from);
        for (Zone z : entered) {
            if (!left.contains(z)) {
                occupancy.merge(z.id(), 1, Integer::sum);
                flowThisMinute.get(z.id())[0]++;
                truth.entered(visitor, z.id(), t);
            }
        }
        if (!to.equals(Gate.OUTSIDE)) {
            Zone target = site.zone(to);
            if (!target.site().equals(fromSite) && open(target, t)) {
                truth.countVisitor(target.site(), local(t).toLocalDate());
            }
        }
    }

    private void schedule(Move m) {
        moves.add(new Move(m.time(), seq++, m.kind(), m.visitor(), m.gate(), m.zone(), m.room(), m.movedOn(), m.until()));
    }

    private double arrivalRatePerHour(Zone zone, Instant t) {
        double rate = scenario.profile(zone).ratePerHour(zone, local(t));
        return zone.hours().isAlways() && scenario.raining(t) ? rate * scenario.rainEffect().parkArrivals() : rate;
    }

    private Duration dwell(Zone zone, Instant t) {
        Scenario.Profile profile = scenario.profile(zone);
        double meanMinutes = profile.dwellMinutes();
        if (zone.hours().isAlways() && scenario.raining(t)) {
            meanMinutes *= scenario.rainEffect().parkDwell();
        }
        double minutes;
        // No draw for the quick visits' share unless there are some: a run without them stays
        // what it was for its seed.
        if (profile.quick().share() > 0 && random.nextDouble() < profile.quick().share()) {
            minutes = profile.quick().minutes() * Math.exp(Scenario.QuickVisits.SPREAD * gaussian());
        } else {
            double sigma = profile.dwellSpread();
            double mu = Math.log(meanMinutes) - sigma * sigma / 2;
            minutes = Math.exp(mu + sigma * gaussian());
        }
        return Duration.ofSeconds(Math.max(60, Math.round(minutes * 60)));
    }

    private long externalGates(Zone zone) {
        return Math.max(1, site.gates().stream()
                .filter(g -> g.from().equals(Gate.OUTSIDE) && g.to().equals(zone.id())).count());
    }

    private boolean open(Zone zone, Instant t) {
        return zone.hours().isOpen(local(t));
    }

    /** Whole minutes until the zone closes, searched up to a day ahead (a day when always open). */
    private long minutesUntilClosing(Zone zone, Instant t) {
        if (zone.hours().isAlways()) {
            return 24 * 60;
        }
        LocalDateTime l = local(t);
        for (int m = 0; m < 24 * 60; m++) {
            if (!zone.hours().isOpen(l.plusMinutes(m))) {
                return m;
            }
        }
        return 24 * 60;
    }

    private LocalDateTime local(Instant t) {
        return LocalDateTime.ofInstant(t, site.timezone());
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private double gaussian() {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
