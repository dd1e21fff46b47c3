package se.helsingborg.footfall.ingest.source.reader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds back MQTT acknowledgements until the checkpoint that covers a message completes.
 *
 * <p>The task thread records each emitted message, seals the list at every checkpoint, and
 * releases a sealed list when that checkpoint (or a later one) completes. The fetcher thread,
 * which owns the MQTT client, takes the released acknowledgements and sends them.
 */
final class CheckpointAcknowledger {
    /** {@code arrivedNanos}: {@link System#nanoTime()} when the message arrived, for the acknowledgement lag. */
    record Ack(int messageId, int qos, long connection, long arrivedNanos) {}

    private List<Ack> sinceLastCheckpoint = new ArrayList<>();
    private final TreeMap<Long, List<Ack>> sealed = new TreeMap<>();
    private final ConcurrentLinkedQueue<Ack> released = new ConcurrentLinkedQueue<>();
    /** Emitted and not yet taken for acknowledgement; a count of its own so other threads may read it. */
    private final AtomicInteger pending = new AtomicInteger();

    /** Task thread: a message has been emitted downstream. */
    void emitted(int messageId, int qos, long connection, long arrivedNanos) {
        if (qos > 0) {
            sinceLastCheckpoint.add(new Ack(messageId, qos, connection, arrivedNanos));
            pending.incrementAndGet();
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
        Ack ack = released.poll();
        if (ack != null) {
            pending.decrementAndGet();
        }
        return ack;
    }

    /** Messages emitted but not yet acknowledged; safe to read from any thread (metrics). */
    int pending() {
        return pending.get();
    }
}
