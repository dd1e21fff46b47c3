package se.helsingborg.footfall.ingest.source.reader;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.source.reader.SingleThreadMultiplexSourceReaderBase;
import se.helsingborg.footfall.ingest.source.MqttSourceOptions;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.ingest.source.metrics.MqttSourceReaderMetrics;
import se.helsingborg.footfall.ingest.source.split.MqttSplit;

/**
 * The MQTT source's reader: one fetcher thread with one MQTT client, and acknowledgements held
 * back until the checkpoint holding the messages' effect completes.
 */
public final class MqttSourceReader
        extends SingleThreadMultiplexSourceReaderBase<MqttDelivery, RawMessage, MqttSplit, MqttSplit> {
    private final CheckpointAcknowledger acks;

    public MqttSourceReader(MqttSourceOptions options, SourceReaderContext context) {
        this(options, context, new CheckpointAcknowledger());
    }

    private MqttSourceReader(MqttSourceOptions options, SourceReaderContext context, CheckpointAcknowledger acks) {
        this(options, context, acks, new MqttSourceReaderMetrics(context.metricGroup(), acks::pending));
    }

    private MqttSourceReader(MqttSourceOptions options, SourceReaderContext context, CheckpointAcknowledger acks,
            MqttSourceReaderMetrics metrics) {
        super(() -> new MqttSplitReader(options, acks, metrics), new MqttRecordEmitter(acks), new Configuration(), context);
        this.acks = acks;
    }

    @Override
    public void start() {
        context.sendSplitRequest();
    }

    @Override
    public List<MqttSplit> snapshotState(long checkpointId) {
        acks.checkpoint(checkpointId);
        return super.snapshotState(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        acks.checkpointComplete(checkpointId);
        super.notifyCheckpointComplete(checkpointId);
    }

    @Override
    protected void onSplitFinished(Map<String, MqttSplit> finishedSplitIds) {}

    @Override
    protected MqttSplit initializedState(MqttSplit split) {
        return split;
    }

    @Override
    protected MqttSplit toSplitType(String splitId, MqttSplit state) {
        return state;
    }
}
