package se.helsingborg.footfall.ingest.source.reader;

import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.ingest.source.split.MqttSplit;

/** Emits each message and notes it for acknowledgement at the next completed checkpoint. */
final class MqttRecordEmitter implements RecordEmitter<MqttDelivery, RawMessage, MqttSplit> {
    private final CheckpointAcknowledger acks;

    MqttRecordEmitter(CheckpointAcknowledger acks) {
        this.acks = acks;
    }

    @Override
    public void emitRecord(MqttDelivery delivery, SourceOutput<RawMessage> output, MqttSplit split) {
        output.collect(delivery.message());
        acks.emitted(delivery.messageId(), delivery.qos(), delivery.connection(), delivery.arrivedNanos());
    }
}
