package se.helsingborg.footfall.ingest.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pipeline knows about the places it counts: sites, zones, gates, devices and the
 * visitor goal, read from one YAML site file (DESIGN §7). Immutable and serializable, so Flink
 * operators carry it.
 */
public final class SiteModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final ZoneId timezone;
    private final Map<String, Site> sites;
    private final Map<String, Zone> zones;
    private final Map<String, Gate> gates;
    private final Map<String, Device> devices;
    private final AlertSettings alerts;

    private SiteModel(ZoneId timezone, List<Site> sites, List<Zone> zones, List<Gate> gates, List<Device> devices,
            AlertSettings alerts) {
        this.timezone = timezone;
        this.alerts = alerts;
        this.sites = index(sites, Site::id, "site");
        this.zones = index(zones, Zone::id, "zone");
        this.gates = index(gates, Gate::id, "gate");
        this.devices = index(devices, Device::id, "device");
        validate();
    }

    public static SiteModel load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read site file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("site file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The example site shipped with Footfall: Helsingborg's city library and Stadsparken. */
    public static SiteModel example() {
        try (var in = SiteModel.class.getResourceAsStream("/sites/helsingborg.yaml")) {
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SiteModel parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a site file is a YAML mapping with sites, zones, gates and devices");
        }
        ZoneId tz = ZoneId.of(text(root, "timezone", "UTC"));
        List<Site> sites = new ArrayList<>();
        for (JsonNode s : list(root, "sites")) {
            Goal goal = null;
            JsonNode g = s.get("goal");
            if (g != null && !g.isNull()) {
                goal = new Goal(
                        required(g, "baseline_year", "goal").asInt(),
                        required(g, "baseline_visitors", "goal").asLong(),
                        g.path("multiplier").asDouble(2.0),
                        required(g, "target_year", "goal").asInt());
            }
            sites.add(new Site(required(s, "id", "site").asText(), text(s, "name", null), goal));
        }
        Map<String, JsonNode> zoneNodes = new LinkedHashMap<>();
        for (JsonNode z : list(root, "zones")) {
            zoneNodes.put(required(z, "id", "zone").asText(), z);
        }
        List<Zone> zones = new ArrayList<>();
        for (var e : zoneNodes.entrySet()) {
            JsonNode z = e.getValue();
            zones.add(new Zone(
                    e.getKey(),
                    text(z, "name", null),
                    required(z, "site", "zone " + e.getKey()).asText(),
                    text(z, "parent", null),
                    z.path("capacity").asInt(0),
                    inheritedHours(e.getKey(), zoneNodes),
                    inheritedReset(e.getKey(), zoneNodes),
                    z.has("lat") ? z.get("lat").asDouble() : null,
                    z.has("lon") ? z.get("lon").asDouble() : null));
        }
        List<Gate> gates = new ArrayList<>();
        for (JsonNode g : list(root, "gates")) {
            String id = required(g, "id", "gate").asText();
            gates.add(new Gate(id, required(g, "from", "gate " + id).asText(), required(g, "to", "gate " + id).asText()));
        }
        List<Device> devices = new ArrayList<>();
        for (JsonNode d : list(root, "devices")) {
            JsonNode idNode = required(d, "id", "device");
            if (idNode.isNumber()) {
                // YAML reads an unquoted DevEUI of digits (and one 'e') as a number: 24e1241300000000
                // would become infinity. Its digits are lost by then, so ask for quotes.
                throw new IllegalArgumentException("device id " + idNode.asText() + " was read as a number;"
                        + " quote DevEUIs in the site file, e.g. id: \"24e1241300000000\"");
            }
            String id = idNode.asText().toLowerCase(Locale.ROOT);
            String model = required(d, "model", "device " + id).asText();
            Map<Integer, String> lines = new LinkedHashMap<>();
            JsonNode l = d.get("lines");
            if (l != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                    var line = it.next();
                    try {
                        lines.put(Integer.parseInt(line.getKey()), line.getValue().asText());
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("device " + id + ": line '" + line.getKey() + "' is not a number");
                    }
                }
            }
            if (d.hasNonNull("gate")) {
                lines.putIfAbsent(1, d.get("gate").asText());
            }
            String envelope = text(d, "envelope", model.equals("footfall-json") ? "footfall-json" : "ttn-v3");
            devices.add(new Device(id, model, envelope, lines, text(d, "zone", null), d.path("reporting_interval_s").asInt(300),
                    text(d, "sends", null)));
        }
        return new SiteModel(tz, sites, zones, gates, devices, alertSettings(root.get("alerts")));
    }

    /** The site file's {@code alerts: {busy, full, hysteresis, min_duration}}; each missing one keeps its default. */
    private static AlertSettings alertSettings(JsonNode a) {
        if (a == null || a.isNull()) {
            return AlertSettings.DEFAULT;
        }
        if (!a.isObject()) {
            throw new IllegalArgumentException("'alerts' must be a mapping of busy, full, hysteresis and min_duration");
        }
        AlertSettings d = AlertSettings.DEFAULT;
        Duration minDuration = d.minDuration();
        if (a.hasNonNull("min_duration")) {
            String text = a.get("min_duration").asText().trim();
            try {
                minDuration = text.toUpperCase(Locale.ROOT).startsWith("P")
                        ? Duration.parse(text)
                        : Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("alerts: min_duration '" + text + "' is not a duration such as 2m, 90s or PT2M");
            }
        }
        return new AlertSettings(
                a.path("busy").asDouble(d.busy()),
                a.path("full").asDouble(d.full()),
                a.path("hysteresis").asDouble(d.hysteresis()),
                minDuration);
    }

    /**
     * A zone without a reset of its own keeps its parent's, as it keeps its hours: a room is reset
     * with the library it lies in. A top zone without one resets at {@link ResetTime#DEFAULT}.
     * {@code reset_while_open: true} beside a zone's reset makes it a reset even while the zone is open.
     */
    private static ResetTime inheritedReset(String zoneId, Map<String, JsonNode> zones) {
        String id = zoneId;
        for (int depth = 0; id != null && depth <= zones.size(); depth++) {
            JsonNode z = zones.get(id);
            if (z == null) {
                break;
            }
            String reset = text(z, "reset", null);
            boolean whileOpen = z.path("reset_while_open").asBoolean(false);
            if (whileOpen && reset == null) {
                throw new IllegalArgumentException("zone " + id + ": reset_while_open needs a reset time of day, e.g. reset: \"04:00\"");
            }
            if (reset != null) {
                try {
                    ResetTime r = ResetTime.parse(reset);
                    return whileOpen ? r.evenWhileOpen() : r;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("zone " + id + ": " + e.getMessage(), e);
                }
            }
            id = text(z, "parent", null);
        }
        return ResetTime.DEFAULT;
    }

    /** A zone without hours of its own keeps its parent's; a top zone without hours is always open. */
    private static OpeningHours inheritedHours(String zoneId, Map<String, JsonNode> zones) {
        String id = zoneId;
        for (int depth = 0; id != null && depth <= zones.size(); depth++) {
            JsonNode z = zones.get(id);
            if (z == null) {
                break;
            }
            if (z.has("hours")) {
                try {
                    return OpeningHours.parse(YAML.convertValue(z.get("hours"), Object.class));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("zone " + id + ": " + e.getMessage(), e);
                }
            }
            id = text(z, "parent", null);
        }
        return OpeningHours.ALWAYS;
    }

    private void validate() {
        for (Zone z : zones.values()) {
            if (!sites.containsKey(z.site())) {
                throw new IllegalArgumentException("zone " + z.id() + " names unknown site " + z.site());
            }
            if (z.parent() != null && !zones.containsKey(z.parent())) {
                throw new IllegalArgumentException("zone " + z.id() + " names unknown parent " + z.parent());
            }
            if (ancestorsOrSelf(z.id()).size() > zones.size()) {
                throw new IllegalArgumentException("zone " + z.id() + " is its own ancestor");
            }
            if (z.reset().followsClosing() && z.hours().isAlways()) {
                throw new IllegalArgumentException("zone " + z.id() + " is always open, so a reset after closing ("
                        + z.reset() + ") would never come; give it opening hours");
            }
        }
        if (zones.containsKey(Gate.OUTSIDE)) {
            throw new IllegalArgumentException("'" + Gate.OUTSIDE + "' is reserved for the world outside every zone");
        }
        for (Gate g : gates.values()) {
            for (String end : List.of(g.from(), g.to())) {
                if (!end.equals(Gate.OUTSIDE) && !zones.containsKey(end)) {
                    throw new IllegalArgumentException("gate " + g.id() + " names unknown zone " + end);
                }
            }
        }
        for (Device d : devices.values()) {
            for (String gate : d.lines().values()) {
                if (!gates.containsKey(gate)) {
                    throw new IllegalArgumentException("device " + d.id() + " names unknown gate " + gate);
                }
            }
            if (se.helsingborg.footfall.ingest.envelope.Envelopes.byName(d.envelope()).isEmpty()) {
                throw new IllegalArgumentException("device " + d.id() + ": unknown envelope " + d.envelope()
                        + " (ttn-v3, chirpstack-v4, chirpstack-v3 or footfall-json)");
            }
            if (d.zone() != null && !zones.containsKey(d.zone())) {
                throw new IllegalArgumentException("device " + d.id() + " names unknown zone " + d.zone());
            }
        }
    }

    public ZoneId timezone() {
        return timezone;
    }

    /** When zones count as busy or full: the capacity alerts' and the dashboards' thresholds. */
    public AlertSettings alerts() {
        return alerts;
    }

    public Collection<Site> sites() {
        return sites.values();
    }

    public Collection<Zone> zones() {
        return zones.values();
    }

    public Collection<Gate> gates() {
        return gates.values();
    }

    public Collection<Device> devices() {
        return devices.values();
    }

    public Optional<Device> device(String id) {
        return Optional.ofNullable(devices.get(id.toLowerCase(Locale.ROOT)));
    }

    public Zone zone(String id) {
        Zone z = zones.get(id);
        if (z == null) {
            throw new IllegalArgumentException("unknown zone " + id);
        }
        return z;
    }

    public Gate gate(String id) {
        Gate g = gates.get(id);
        if (g == null) {
            throw new IllegalArgumentException("unknown gate " + id);
        }
        return g;
    }

    public Site site(String id) {
        Site s = sites.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown site " + id);
        }
        return s;
    }

    /** The zone and every zone that contains it, innermost first; empty for {@link Gate#OUTSIDE}. */
    public List<Zone> ancestorsOrSelf(String zoneId) {
        List<Zone> chain = new ArrayList<>();
        String id = zoneId;
        while (id != null && !id.equals(Gate.OUTSIDE) && chain.size() <= zones.size()) {
            Zone z = zones.get(id);
            chain.add(z);
            id = z.parent();
        }
        return chain;
    }

    /** The site a zone belongs to, or null for {@link Gate#OUTSIDE}. */
    public String siteOf(String zoneId) {
        return zoneId.equals(Gate.OUTSIDE) ? null : zone(zoneId).site();
    }

    private static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id, String what) {
        Map<String, T> map = new LinkedHashMap<>();
        for (T item : items) {
            if (map.put(id.apply(item), item) != null) {
                throw new IllegalArgumentException("two " + what + "s have the id " + id.apply(item));
            }
        }
        return map;
    }

    private static Iterable<JsonNode> list(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        return n;
    }

    private static JsonNode required(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException(where + " lacks '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? fallback : v.asText();
    }
}
