package se.helsingborg.footfall.jobs;

/** People counted through one gate in a period that ended at {@code periodEnd} (epoch ms). */
public record GateFlow(String gateId, long periodEnd, long entries, long exits) {}
