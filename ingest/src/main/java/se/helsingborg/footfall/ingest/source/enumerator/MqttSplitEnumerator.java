package se.helsingborg.footfall.ingest.source.enumerator;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import se.helsingborg.footfall.ingest.source.split.MqttSplit;

/**
 * Gives every reader exactly one subscription split, named after its subtask, so that a restarted
 * reader reconnects under the same client id and finds its persistent session.
 */
public final class MqttSplitEnumerator implements SplitEnumerator<MqttSplit, MqttEnumeratorState> {
    private final SplitEnumeratorContext<MqttSplit> context;
    private final Set<Integer> assigned;

    public MqttSplitEnumerator(SplitEnumeratorContext<MqttSplit> context, MqttEnumeratorState state) {
        this.context = context;
        this.assigned = new HashSet<>(state.assigned());
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {}

    @Override
    public void addSplitsBack(List<MqttSplit> splits, int subtaskId) {
        // The reader failed before a checkpoint recorded its split; give it again when it returns.
        splits.forEach(s -> assigned.remove(s.subtask()));
    }

    @Override
    public void addReader(int subtaskId) {
        if (assigned.add(subtaskId)) {
            context.assignSplit(new MqttSplit(subtaskId), subtaskId);
        }
    }

    @Override
    public MqttEnumeratorState snapshotState(long checkpointId) {
        return new MqttEnumeratorState(assigned);
    }

    @Override
    public void close() {}
}
