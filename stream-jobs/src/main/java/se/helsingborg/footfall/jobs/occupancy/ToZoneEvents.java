package se.helsingborg.footfall.jobs.occupancy;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.jobs.ToZoneFlows;
import se.helsingborg.footfall.jobs.ZoneFlow;

/**
 * Everything a reading tells the zones' occupancy: its gates' flows and its counts of people, as one
 * stream. One stream, not a union of two, so that the occupancy operator receives records and
 * watermarks in the order the readings had: with two inputs its watermark is the slower one's, and
 * which minutes a reading finds already closed would vary from run to run.
 */
public final class ToZoneEvents implements FlatMapFunction<Reading, ZoneEvent> {
    private final ToZoneFlows flows;
    private final ToZoneCounts counts;

    public ToZoneEvents(ToZoneFlows flows, ToZoneCounts counts) {
        this.flows = flows;
        this.counts = counts;
    }

    @Override
    public void flatMap(Reading r, Collector<ZoneEvent> out) throws Exception {
        flows.flatMap(r, new Collector<ZoneFlow>() {
            @Override
            public void collect(ZoneFlow flow) {
                out.collect(ZoneEvent.of(flow));
            }

            @Override
            public void close() {}
        });
        counts.flatMap(r, out);
    }
}
