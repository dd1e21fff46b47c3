package se.helsingborg.footfall.ingest.site;

import java.util.Map;
import java.util.Objects;

/**
 * A sensor of the site. {@code id} is its DevEUI (lower-case hex) or, for IP counters, the name it
 * reports. A line counter maps each of its counting lines to a gate: {@code lines} (line number to
 * gate id); a single-line counter may name its {@code gate} instead, which is line 1. The device's
 * "in" direction is the gate's from → to direction.
 */
public record Device(
        String id,
        String model,
        String envelope,
        Map<Integer, String> lines,
        String zone,
        int reportingIntervalSeconds)
        implements java.io.Serializable {

    public Device {
        Objects.requireNonNull(id, "device id");
        Objects.requireNonNull(model, "device " + id + ": model");
        lines = lines == null ? Map.of() : Map.copyOf(lines);
        if (reportingIntervalSeconds <= 0) {
            throw new IllegalArgumentException(
                    "device " + id + ": reporting_interval_s must be positive");
        }
    }

    /** The gate that counting line {@code line} watches, or null when that line is not mapped. */
    public String gateOfLine(int line) {
        return lines.get(line);
    }
}
