package se.helsingborg.footfall.ingest.source.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Holds back MQTT acknowledgements until the checkpoint that covers a message completes.
 *
 * <p>The task thread records each emitted message, seals the list at every checkpoint, and
 * releases a sealed list when that checkpoint (or a later one) completes. The fetcher thread,
 * which owns the MQTT client, takes the released acknowledgements and sends them.
 */
final class CheckpointAcknowledger {
    record Ack(int messageId, int qos, long connection) {}

    private List<Ack> sinceLastCheckpoint = new ArrayList<>();
    private final TreeMap<Long, List<Ack>> sealed = new TreeMap<>();
    private final ConcurrentLinkedQueue<Ack> released = new ConcurrentLinkedQueue<>();

    /** Task thread: a message has been emitted downstream. */
    void emitted(int messageId, int qos, long connection) {
        if (qos > 0) {
            sinceLastCheckpoint.add(new Ack(messageId, qos, connection));
        }
    }

    /** Task thread: the reader's state for this checkpoint is being taken. */
    void checkpoint(long checkpointId) {
        if (!sinceLastCheckpoint.isEmpty()) {
            sealed.put(checkpointId, sinceLastCheckpoint);
            sinceLastCheckpoint = new ArrayList<>();
        }
    }

    /** Task thread: the checkpoint completed, so everything up to it is safe to acknowledge. */
    void checkpointComplete(long checkpointId) {
        Map<Long, List<Ack>> done = sealed.headMap(checkpointId, true);
        done.values().forEach(released::addAll);
        done.clear();
    }

    /** Fetcher thread: the next acknowledgement to send, or null. */
    Ack nextReleased() {
        return released.poll();
    }

    /** Messages emitted but not yet acknowledged (for metrics and tests). */
    int pending() {
        return sinceLastCheckpoint.size() + sealed.values().stream().mapToInt(List::size).sum();
    }
}
