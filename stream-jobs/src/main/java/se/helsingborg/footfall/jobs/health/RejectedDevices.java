package se.helsingborg.footfall.jobs.health;

import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Rejected messages as rejects of the site's devices, found from the topic (the payload may be
 * garbage). A reject naming no device of the site (an unknown device or topic, a bad recount) is no
 * device's and is left to the rejected-messages table alone.
 */
public final class RejectedDevices implements FlatMapFunction<RejectedMessage, DeviceReject> {
    private final SiteModel site;

    public RejectedDevices(SiteModel site) {
        this.site = site;
    }

    @Override
    public void flatMap(RejectedMessage m, Collector<DeviceReject> out) {
        Topics.deviceOf(m.topic(), site).ifPresent(device -> out.collect(new DeviceReject(device, m.receivedAt())));
    }
}
