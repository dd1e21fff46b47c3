package se.helsingborg.footfall.jobs;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/** A reading's period line counts as entries to the sites whose external gate was crossed inwards. */
public final class ToSiteEntries implements FlatMapFunction<Reading, SiteEntry> {
    private final GateTopology topology;

    public ToSiteEntries(GateTopology topology) {
        this.topology = topology;
    }

    @Override
    public void flatMap(Reading r, Collector<SiteEntry> out) {
        LineCrossings c = r.lineCrossings();
        if (c != null && !c.cumulative()) {
            topology.siteEntries(c, r.eventTime().toEpochMilli()).forEach(out::collect);
        }
    }
}
