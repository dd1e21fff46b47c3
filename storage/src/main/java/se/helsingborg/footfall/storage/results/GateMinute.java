package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/** A row of {@code gate_counts}: people through a gate in a minute, from → to (entries) and back (exits). */
public record GateMinute(String gateId, Instant minute, int entries, int exits) {}
