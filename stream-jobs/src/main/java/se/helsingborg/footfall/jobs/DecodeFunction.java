package se.helsingborg.footfall.jobs;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.decode.MessageRejectedException;
import se.helsingborg.footfall.ingest.decode.RejectReason;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.presence.PresenceRedaction;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.storage.results.PipelineMinute;

/**
 * MQTT messages in, readings out. A message that cannot be read goes to {@link #REJECTED} with
 * its reason and raw payload, and the job goes on.
 */
public final class DecodeFunction extends ProcessFunction<RawMessage, Reading> {
    public static final OutputTag<RejectedMessage> REJECTED = new OutputTag<>("rejected") {};
    /** Each message counted in its minute of reception: decoded with its readings, or rejected. */
    public static final OutputTag<PipelineMinute> COUNTS = new OutputTag<>("decode-counts") {};

    private final MessageDecoder decoder;
    private transient Counter messages;
    private transient Counter readings;
    private transient Map<RejectReason, Counter> rejected;

    public DecodeFunction(SiteModel site) {
        this.decoder = new MessageDecoder(site);
    }

    @Override
    public void open(OpenContext openContext) {
        var ingest = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("ingest");
        messages = ingest.counter("messages");
        readings = ingest.counter("readings");
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            // footfall.ingest.rejected{reason=bad_payload}, ...
            rejected.put(reason, ingest.addGroup("reason", reason.tag()).counter("rejected"));
        }
    }

    @Override
    public void processElement(RawMessage message, Context ctx, Collector<Reading> out) {
        messages.inc();
        try {
            DecodedMessage decoded = decoder.decode(message);
            decoded.readings().forEach(out::collect);
            readings.inc(decoded.readings().size());
            // the readings' reception is the network server's, or ours for Footfall JSON
            Instant received = decoded.readings().isEmpty() ? message.receivedAt() : decoded.readings().get(0).receivedTime();
            ctx.output(COUNTS, PipelineMinute.decoded(received, decoded.readings().size()));
        } catch (MessageRejectedException e) {
            rejected.get(e.reason()).inc();
            // Keyed on the network server's reception where the envelope has one, so a redelivered
            // message overwrites its row; an envelope that cannot be read has only the arrival time.
            // A presence message's raw identifiers must not reach the table either: they are
            // redacted from the payload kept and from any fragment of it the reason quotes.
            // (A broken recording line's "topic" is the reason it could not be read, so it is redacted too.)
            Instant received = e.stampedReception().orElse(message.receivedAt());
            ctx.output(REJECTED, new RejectedMessage(PresenceRedaction.reason(message.topic(), message.payload()), received,
                    PresenceRedaction.reason(e.getMessage(), message.payload()), PresenceRedaction.payload(message.payload())));
            ctx.output(COUNTS, PipelineMinute.rejected(received));
        }
    }
}
