package se.helsingborg.footfall.simulators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * How busy the site is and what happens on it: arrivals by hour, weekday and month for the
 * library (zones with opening hours) and the park (zones always open) separately, rain, and
 * scheduled events. {@link #defaults()} are plausible figures for a city library of about a
 * million visits a year and a busy city park; a scenario file (YAML) overrides any of them:
 *
 * <pre>
 * library: {peak_share: 0.25, dwell_minutes: 45, dwell_spread: 0.6, quick_visits: {share: 0.2, minutes: 5},
 *           hourly: [24 numbers], weekday: {sat: 0.8}, monthly: [12 numbers]}
 * park:    {peak_per_hour: 250, weekday: {sat-sun: 1.3}}
 * rain:    [{from: "2026-11-24T10:00", to: "2026-11-24T15:00"}]     # local times
 * rain_effect: {park_arrivals: 0.3, park_dwell: 0.5, into_neighbour: 0.6}
 * events:
 *   - {name: Author talk, zone: lib-stage, at: "2026-11-25T18:00", people: 120, stay_minutes: 60, arrive_minutes: 20}
 * </pre>
 */
public record Scenario(Profile library, Profile park, List<Rain> rain, RainEffect rainEffect, List<Event> events) {

    /**
     * Arrivals to one kind of zone and their stays. The hourly rate is {@code peak × hourly[hour] ×
     * weekday × monthly[month]}, where the peak is {@code peakPerHour} if set, else {@code peakShare}
     * of the zone's capacity. A stay is log-normal with mean {@code dwellMinutes} and
     * {@code dwellSpread} the standard deviation of its logarithm (0.6: the middle half of stays
     * between about 0.55 and 1.25 times the mean), unless it is one of the {@code quick} visits.
     */
    public record Profile(Double peakPerHour, double peakShare, double[] hourly, Map<DayOfWeek, Double> weekday,
            double[] monthly, double dwellMinutes, double dwellSpread, QuickVisits quick) {
        public double ratePerHour(Zone zone, LocalDateTime local) {
            double peak = peakPerHour != null ? peakPerHour : zone.capacity() * peakShare;
            return peak * hourly[local.getHour()] * weekday.getOrDefault(local.getDayOfWeek(), 1.0)
                    * monthly[local.getMonthValue() - 1];
        }
    }

    /**
     * A share of the visits that are quick errands (returning a book, fetching a reservation), whose
     * stays are log-normal about {@code minutes} (the median; the logarithm's deviation is 0.5): a
     * second bump of short stays before the visits the profile's mean describes. Share 0: none.
     */
    public record QuickVisits(double share, double minutes) {
        static final QuickVisits NONE = new QuickVisits(0, 5);
        /** The standard deviation of the logarithm of a quick visit's minutes. */
        static final double SPREAD = 0.5;
    }

    /** The spread of stays when a scenario does not give one: see {@link Profile}. */
    static final double DWELL_SPREAD = 0.6;

    /** A spell of rain, in true time. */
    public record Rain(Instant from, Instant to) {}

    /**
     * What rain does: park arrivals and park stays shrink by these factors, and the share of park
     * visitors who walk on into a neighbouring open zone (the library) rather than out becomes
     * {@code intoNeighbour} (0.15 when dry).
     */
    public record RainEffect(double parkArrivals, double parkDwell, double intoNeighbour) {}

    /**
     * A scheduled surge: {@code people} arrive in the {@code arrival} before {@code at}, go to
     * {@code zone} (a top-level zone, or a room inside one), stay until {@code at + stay}, and leave.
     */
    public record Event(String name, String zone, Instant at, int people, Duration stay, Duration arrival) {}

    /** Share of visitors leaving a zone who walk on into a neighbouring open zone, when dry. */
    static final double ONWARD_WHEN_DRY = 0.15;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * The simulator's own figures: the same hourly curve for library and park (the library's
     * opening hours cut it), weekends quieter in the library and busier in the park, and no
     * seasons (every month 1.0) so that a day's traffic does not depend on the date it is run
     * for; {@code sites/helsingborg-scenario.yaml} adds seasons and a park curve of its own.
     */
    public static Scenario defaults() {
        double[] hourly = {
            0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.08, 0.2, 0.5, 0.6, 0.8, 0.9,
            1.0, 1.0, 0.9, 0.95, 1.0, 0.9, 0.7, 0.5, 0.3, 0.2, 0.1, 0.05};
        double[] flat = new double[12];
        java.util.Arrays.fill(flat, 1.0);
        return new Scenario(
                new Profile(null, 0.25, hourly, weekdays(1.0, 0.8), flat, 45, DWELL_SPREAD, QuickVisits.NONE),
                new Profile(null, 0.08, hourly.clone(), weekdays(1.0, 1.3), flat.clone(), 25, DWELL_SPREAD, QuickVisits.NONE),
                List.of(), new RainEffect(0.3, 0.5, 0.6), List.of());
    }

    private static Map<DayOfWeek, Double> weekdays(double weekday, double weekend) {
        Map<DayOfWeek, Double> m = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek d : DayOfWeek.values()) {
            m.put(d, d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY ? weekend : weekday);
        }
        return m;
    }

    public Profile profile(Zone zone) {
        return zone.hours().isAlways() ? park : library;
    }

    public boolean raining(Instant t) {
        for (Rain r : rain) {
            if (!t.isBefore(r.from()) && t.isBefore(r.to())) {
                return true;
            }
        }
        return false;
    }

    public static Scenario load(Path file, SiteModel site) {
        try {
            return parse(Files.readString(file), site);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the scenario file " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a scenario over the defaults; checks its events against the site (zones, doors, opening hours). */
    public static Scenario parse(String yaml, SiteModel site) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Scenario d = defaults();
        if (root == null || root.isNull() || root.isMissingNode()) {
            return d;
        }
        Profile library = profile(root.get("library"), d.library(), "library");
        Profile park = profile(root.get("park"), d.park(), "park");
        List<Rain> rain = new ArrayList<>();
        for (JsonNode r : list(root, "rain")) {
            Instant from = local(r, "from", site);
            Instant to = local(r, "to", site);
            if (!to.isAfter(from)) {
                throw new IllegalArgumentException("rain from " + from + " must end after it starts");
            }
            rain.add(new Rain(from, to));
        }
        JsonNode e = root.path("rain_effect");
        RainEffect effect = new RainEffect(e.path("park_arrivals").asDouble(d.rainEffect().parkArrivals()),
                e.path("park_dwell").asDouble(d.rainEffect().parkDwell()),
                e.path("into_neighbour").asDouble(d.rainEffect().intoNeighbour()));
        List<Event> events = new ArrayList<>();
        for (JsonNode n : list(root, "events")) {
            String name = n.path("name").asText("event");
            if (!n.hasNonNull("zone") || !n.hasNonNull("people")) {
                throw new IllegalArgumentException("event " + name + " needs a zone and a number of people");
            }
            Event event = new Event(name, n.get("zone").asText(), local(n, "at", site), n.get("people").asInt(),
                    Duration.ofMinutes(n.path("stay_minutes").asLong(60)), Duration.ofMinutes(n.path("arrive_minutes").asLong(20)));
            check(event, site);
            events.add(event);
        }
        return new Scenario(library, park, List.copyOf(rain), effect, List.copyOf(events));
    }

    /** An event needs a zone reached from outside (directly, or through its parent's door) that is open while it lasts. */
    private static void check(Event e, SiteModel site) {
        Zone zone = site.zone(e.zone());
        List<Zone> chain = site.ancestorsOrSelf(zone.id());
        if (chain.size() > 2) {
            throw new IllegalArgumentException("event " + e.name() + ": zone " + zone.id() + " is nested too deep (a top-level zone or a room in one)");
        }
        Zone root = chain.get(chain.size() - 1);
        if (site.gates().stream().noneMatch(g -> g.from().equals(Gate.OUTSIDE) && g.to().equals(root.id()))) {
            throw new IllegalArgumentException("event " + e.name() + ": no gate from outside into " + root.id());
        }
        if (zone != root && site.gates().stream().noneMatch(g -> g.from().equals(root.id()) && g.to().equals(zone.id()))) {
            throw new IllegalArgumentException("event " + e.name() + ": no door from " + root.id() + " into " + zone.id());
        }
        for (Instant t = e.at().minus(e.arrival()); !t.isAfter(e.at().plus(e.stay())); t = t.plusSeconds(60)) {
            LocalDateTime local = LocalDateTime.ofInstant(t, site.timezone());
            for (Zone z : chain) {
                if (!z.hours().isOpen(local)) {
                    throw new IllegalArgumentException("event " + e.name() + ": " + z.id() + " is closed at " + local
                            + ", and nobody enters a closed zone");
                }
            }
        }
        if (e.people() < 1 || e.stay().isNegative() || e.arrival().toMinutes() < 1) {
            throw new IllegalArgumentException("event " + e.name() + ": people, stay_minutes and arrive_minutes must be positive");
        }
    }

    private static Profile profile(JsonNode n, Profile d, String what) {
        if (n == null || n.isNull()) {
            return d;
        }
        double[] hourly = numbers(n.get("hourly"), d.hourly(), 24, what + ".hourly");
        double[] monthly = numbers(n.get("monthly"), d.monthly(), 12, what + ".monthly");
        Map<DayOfWeek, Double> weekday = new EnumMap<>(d.weekday());
        JsonNode w = n.get("weekday");
        if (w != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext();) {
                var entry = it.next();
                for (DayOfWeek day : days(entry.getKey())) {
                    weekday.put(day, entry.getValue().asDouble());
                }
            }
        }
        Double peak = n.hasNonNull("peak_per_hour") ? Double.valueOf(n.get("peak_per_hour").asDouble()) : d.peakPerHour();
        double dwell = n.path("dwell_minutes").asDouble(d.dwellMinutes());
        double spread = n.path("dwell_spread").asDouble(d.dwellSpread());
        if (dwell <= 0 || spread < 0 || spread > 2) {
            throw new IllegalArgumentException(what + ": dwell_minutes must be positive and dwell_spread between 0 and 2");
        }
        QuickVisits quick = d.quick();
        JsonNode q = n.get("quick_visits");
        if (q != null && !q.isNull()) {
            quick = new QuickVisits(q.path("share").asDouble(quick.share()), q.path("minutes").asDouble(quick.minutes()));
            if (quick.share() < 0 || quick.share() > 1 || quick.minutes() < 1) {
                throw new IllegalArgumentException(what + ".quick_visits: share must be between 0 and 1, minutes at least 1");
            }
        }
        return new Profile(peak, n.path("peak_share").asDouble(d.peakShare()), hourly, weekday, monthly, dwell, spread, quick);
    }

    private static double[] numbers(JsonNode n, double[] d, int size, String what) {
        if (n == null || n.isNull()) {
            return d;
        }
        if (!n.isArray() || n.size() != size) {
            throw new IllegalArgumentException(what + " takes " + size + " numbers");
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    private static List<DayOfWeek> days(String spec) {
        String[] ends = spec.trim().toLowerCase(Locale.ROOT).split("-");
        DayOfWeek first = day(ends[0]);
        DayOfWeek last = ends.length > 1 ? day(ends[1]) : first;
        List<DayOfWeek> out = new ArrayList<>(List.of(first));
        for (DayOfWeek d = first; d != last; ) {
            d = d.plus(1);
            out.add(d);
        }
        return out;
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(s) && s.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("cannot read the day '" + s + "' (mon, tue, ..., sun)");
    }

    private static Instant local(JsonNode n, String field, SiteModel site) {
        if (!n.hasNonNull(field)) {
            throw new IllegalArgumentException("missing " + field + " (a local date-time such as 2026-11-24T10:00)");
        }
        try {
            return LocalDateTime.parse(n.get(field).asText()).atZone(site.timezone()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be a local date-time such as 2026-11-24T10:00, not " + n.get(field).asText());
        }
    }

    private static List<JsonNode> list(JsonNode root, String field) {
        List<JsonNode> out = new ArrayList<>();
        root.path(field).forEach(out::add);
        return out;
    }
}
