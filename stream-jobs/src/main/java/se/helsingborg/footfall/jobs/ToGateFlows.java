package se.helsingborg.footfall.jobs;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * The period counts of a gate, as they are. Cumulative totals are skipped: only the difference of
 * two of them means anything, and the period counts of the same devices already carry it. A
 * withdrawal ({@link LineCrossings#withdrawn()}) is a flow with negative counts: it takes back what
 * an earlier recovery put in its minute. The part of a count the pipeline estimated goes along.
 */
public final class ToGateFlows implements FlatMapFunction<Reading, GateFlow> {
    @Override
    public void flatMap(Reading r, Collector<GateFlow> out) {
        LineCrossings c = r.lineCrossings();
        if (c != null && !c.cumulative() && (c.in() > 0 || c.out() > 0)) {
            out.collect(new GateFlow(c.gateId(), r.eventTime().toEpochMilli(), c.signedIn(), c.signedOut(),
                    c.estimatedIn(), c.estimatedOut()));
        }
    }
}
