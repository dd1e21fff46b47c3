package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code gate_counts}: people through a gate in a minute, from → to (entries) and back
 * (exits); or, {@code retracted}, the removal of the minute's row (see {@link Retractable}).
 */
public record GateMinute(String gateId, Instant minute, int entries, int exits, boolean retracted) implements Retractable {
    public GateMinute(String gateId, Instant minute, int entries, int exits) {
        this(gateId, minute, entries, exits, false);
    }

    /** The gate's minute has no row any more: a rewrite took every crossing out of it. */
    public static GateMinute retraction(String gateId, Instant minute) {
        return new GateMinute(gateId, minute, 0, 0, true);
    }
}
