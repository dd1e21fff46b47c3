package se.helsingborg.footfall.ingest.site;

import java.util.Map;
import java.util.Objects;

/**
 * A sensor of the site. {@code id} is its DevEUI (lower-case hex) or, for IP counters, the name it
 * reports. A line counter maps each of its counting lines to a gate: {@code lines} (line number to
 * gate id); a single-line counter may name its {@code gate} instead, which is line 1. The device's
 * "in" direction is the gate's from → to direction. {@code sends} says what an IP sensor over a
 * zone ({@code footfall-json} with a {@code zone:}) sends: {@code area} counts (the default) or
 * {@code presence} sightings; the decoder goes by each message's type, the simulator by this.
 */
public record Device(
        String id,
        String model,
        String envelope,
        Map<Integer, String> lines,
        String zone,
        int reportingIntervalSeconds,
        String sends)
        implements java.io.Serializable {
    public static final String SENDS_AREA = "area";
    public static final String SENDS_PRESENCE = "presence";

    public Device {
        Objects.requireNonNull(id, "device id");
        Objects.requireNonNull(model, "device " + id + ": model");
        // In line order: Map.copyOf's order changes from one JVM to the next, and so did the
        // simulator's recordings for a seed, whose lines draw their starting totals in this order.
        lines = lines == null ? Map.of() : java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(Map.copyOf(lines)));
        if (reportingIntervalSeconds <= 0) {
            throw new IllegalArgumentException(
                    "device " + id + ": reporting_interval_s must be positive");
        }
        if (sends != null && !sends.equals(SENDS_AREA) && !sends.equals(SENDS_PRESENCE)) {
            throw new IllegalArgumentException("device " + id + ": sends is area or presence, not " + sends);
        }
        if (SENDS_PRESENCE.equals(sends) && zone == null) {
            throw new IllegalArgumentException("device " + id + ": a presence sensor needs the zone it watches (zone:)");
        }
    }

    public Device(String id, String model, String envelope, Map<Integer, String> lines, String zone, int reportingIntervalSeconds) {
        this(id, model, envelope, lines, zone, reportingIntervalSeconds, null);
    }

    /** Whether the device reports the presence tokens of its zone rather than counts. */
    public boolean sendsPresence() {
        return SENDS_PRESENCE.equals(sends);
    }

    /** The gate that counting line {@code line} watches, or null when that line is not mapped. */
    public String gateOfLine(int line) {
        return lines.get(line);
    }
}
