package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code gate_counts}: people through a gate in a minute, from → to (entries) and back
 * (exits), and how many of them the pipeline estimated rather than counted (a part of entries and
 * exits, for a span a device's reboot erased).
 */
public record GateMinute(String gateId, Instant minute, int entries, int exits, int estimatedEntries, int estimatedExits) {
    /** A minute that was counted, none of it estimated. */
    public GateMinute(String gateId, Instant minute, int entries, int exits) {
        this(gateId, minute, entries, exits, 0, 0);
    }
}
