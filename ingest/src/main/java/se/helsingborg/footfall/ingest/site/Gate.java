package se.helsingborg.footfall.ingest.site;

import java.util.Objects;

/**
 * A doorway between two zones. Crossing it "in" moves a person from {@code from} to {@code to};
 * {@link #OUTSIDE} stands for the world beyond every zone.
 */
public record Gate(String id, String from, String to) implements java.io.Serializable {
    public static final String OUTSIDE = "outside";

    public Gate {
        Objects.requireNonNull(id, "gate id");
        Objects.requireNonNull(from, "gate " + id + ": from");
        Objects.requireNonNull(to, "gate " + id + ": to");
        if (from.equals(to)) {
            throw new IllegalArgumentException("gate " + id + " leads from " + from + " to itself");
        }
    }
}
