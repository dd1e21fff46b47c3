package se.helsingborg.footfall.jobs;

/**
 * People counted through one gate in a period that ended at {@code periodEnd} (epoch ms), and of
 * them, how many were estimated rather than counted (see {@code LineCrossings#estimatedIn}).
 */
public record GateFlow(String gateId, long periodEnd, long entries, long exits, long estimatedEntries, long estimatedExits) {
    /** A flow that was counted, none of it estimated. */
    public GateFlow(String gateId, long periodEnd, long entries, long exits) {
        this(gateId, periodEnd, entries, exits, 0, 0);
    }
}
