package se.helsingborg.footfall.ingest.site;

import java.util.Objects;

/**
 * A space whose occupancy is tracked. A zone may lie inside a {@code parent} zone (a room inside the
 * library): people in the room are in the library too. Its occupancy is reset at {@code reset}
 * when it is closed then (or even while open, where {@link ResetTime#whileOpen} says so).
 */
public record Zone(
        String id,
        String name,
        String site,
        String parent,
        int capacity,
        OpeningHours hours,
        ResetTime reset,
        Double lat,
        Double lon)
        implements java.io.Serializable {

    public Zone {
        Objects.requireNonNull(id, "zone id");
        Objects.requireNonNull(site, "zone " + id + ": site");
        name = name == null ? id : name;
        if (capacity < 0) {
            throw new IllegalArgumentException("zone " + id + ": capacity must not be negative");
        }
        hours = hours == null ? OpeningHours.ALWAYS : hours;
        reset = reset == null ? ResetTime.DEFAULT : reset;
    }
}
