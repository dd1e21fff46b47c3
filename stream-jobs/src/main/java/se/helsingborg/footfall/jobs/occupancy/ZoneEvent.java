package se.helsingborg.footfall.jobs.occupancy;

import se.helsingborg.footfall.jobs.ZoneFlow;

/**
 * What the occupancy operator of a zone hears: a gate's flow or a count of the people inside.
 * Exactly one is set; one record type with two nullable fields keeps it a plain Flink record.
 */
public record ZoneEvent(ZoneFlow flow, ZoneCount count) {
    public static ZoneEvent of(ZoneFlow flow) {
        return new ZoneEvent(flow, null);
    }

    public static ZoneEvent of(ZoneCount count) {
        return new ZoneEvent(null, count);
    }

    public String zoneId() {
        return flow != null ? flow.zoneId() : count.zoneId();
    }
}
