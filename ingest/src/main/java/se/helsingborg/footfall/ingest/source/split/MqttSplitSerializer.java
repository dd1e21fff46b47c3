package se.helsingborg.footfall.ingest.source.split;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Writes a split as its subtask number. */
public final class MqttSplitSerializer implements SimpleVersionedSerializer<MqttSplit> {
    @Override
    public int getVersion() {
        return 1;
    }

    @Override
    public byte[] serialize(MqttSplit split) {
        return ByteBuffer.allocate(4).putInt(split.subtask()).array();
    }

    @Override
    public MqttSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 || serialized.length != 4) {
            throw new IOException("unknown MQTT split format, version " + version);
        }
        return new MqttSplit(ByteBuffer.wrap(serialized).getInt());
    }
}
