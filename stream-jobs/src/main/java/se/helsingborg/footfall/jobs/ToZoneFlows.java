package se.helsingborg.footfall.jobs;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * A reading's period line counts as flows in and out of the zones on either side of the gate.
 * Cumulative totals are left to the analytics that reconcile lost uplinks and counter resets.
 */
public final class ToZoneFlows implements FlatMapFunction<Reading, ZoneFlow> {
    private final GateTopology topology;

    public ToZoneFlows(GateTopology topology) {
        this.topology = topology;
    }

    @Override
    public void flatMap(Reading r, Collector<ZoneFlow> out) {
        LineCrossings c = r.lineCrossings();
        if (c != null && !c.cumulative() && (c.in() > 0 || c.out() > 0)) {
            topology.zoneFlows(c, r.eventTime().toEpochMilli()).forEach(out::collect);
        }
    }
}
