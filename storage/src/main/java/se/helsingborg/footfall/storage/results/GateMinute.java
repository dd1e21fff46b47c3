package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code gate_counts}: people through a gate in a minute, from → to (entries) and back
 * (exits), and how many of them the pipeline estimated rather than counted (a part of entries and
 * exits, for a span a device's reboot erased); or, {@code retracted}, the removal of the minute's
 * row (see {@link Retractable}).
 */
public record GateMinute(String gateId, Instant minute, int entries, int exits, int estimatedEntries, int estimatedExits,
        boolean retracted) implements Retractable {
    /** A minute that was counted, none of it estimated. */
    public GateMinute(String gateId, Instant minute, int entries, int exits) {
        this(gateId, minute, entries, exits, 0, 0, false);
    }

    public GateMinute(String gateId, Instant minute, int entries, int exits, int estimatedEntries, int estimatedExits) {
        this(gateId, minute, entries, exits, estimatedEntries, estimatedExits, false);
    }

    /** The gate's minute has no row any more: a rewrite took every crossing out of it. */
    public static GateMinute retraction(String gateId, Instant minute) {
        return new GateMinute(gateId, minute, 0, 0, 0, 0, true);
    }
}
