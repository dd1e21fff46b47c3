package se.helsingborg.footfall.ingest.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import se.helsingborg.footfall.ingest.source.enumerator.MqttEnumeratorState;
import se.helsingborg.footfall.ingest.source.enumerator.MqttEnumeratorStateSerializer;
import se.helsingborg.footfall.ingest.source.enumerator.MqttSplitEnumerator;
import se.helsingborg.footfall.ingest.source.reader.MqttSourceReader;
import se.helsingborg.footfall.ingest.source.split.MqttSplit;
import se.helsingborg.footfall.ingest.source.split.MqttSplitSerializer;

/**
 * An unbounded Flink source of MQTT 5 messages, built on Eclipse Paho.
 *
 * <p>Each parallel reader holds one subscription split and one MQTT session. Messages arrive at
 * QoS 1 and are acknowledged to the broker only when the checkpoint that covers them completes,
 * so a job that dies before then gets them again from its persistent session after the restart
 * (at-least-once; duplicates are dropped downstream by device and frame counter).
 */
public final class MqttSource
        implements Source<RawMessage, MqttSplit, MqttEnumeratorState>, ResultTypeQueryable<RawMessage> {
    private static final long serialVersionUID = 1L;

    private final MqttSourceOptions options;

    MqttSource(MqttSourceOptions options) {
        this.options = options;
    }

    public static MqttSourceBuilder builder() {
        return new MqttSourceBuilder();
    }

    public MqttSourceOptions options() {
        return options;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<RawMessage, MqttSplit> createReader(SourceReaderContext context) {
        return new MqttSourceReader(options, context);
    }

    @Override
    public SplitEnumerator<MqttSplit, MqttEnumeratorState> createEnumerator(
            SplitEnumeratorContext<MqttSplit> context) {
        return new MqttSplitEnumerator(context, MqttEnumeratorState.empty());
    }

    @Override
    public SplitEnumerator<MqttSplit, MqttEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<MqttSplit> context, MqttEnumeratorState state) {
        return new MqttSplitEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
        return new MqttSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<MqttEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new MqttEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return TypeInformation.of(RawMessage.class);
    }
}
