package se.helsingborg.footfall.ingest.source.metrics;

import java.util.function.IntSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The MQTT source reader's meters, in the reader's metric group under {@code footfall.ingest.mqtt}
 * (for Prometheus {@code ..._footfall_ingest_mqtt_received} and so on):
 *
 * <ul>
 *   <li>{@code received}: messages the broker delivered, redeliveries included;
 *   <li>{@code reconnects}: connections re-established after the broker went away;
 *   <li>{@code pending_acks}: messages emitted downstream whose acknowledgement waits for a
 *       checkpoint to complete; it must stay well below the receive maximum, else the broker
 *       stops sending;
 *   <li>{@code ack_lag_seconds}: for the latest completed checkpoint's acknowledgements, how long
 *       the oldest of them waited between its arrival and its acknowledgement.
 * </ul>
 *
 * <p>The lag is a gauge of that worst case rather than a histogram: acknowledgements go out in
 * one burst per checkpoint, and within a burst the waits spread evenly from the checkpoint's own
 * duration up to one interval more, so the oldest says all there is to say. A histogram would
 * cost an update per message on the fetcher thread, and Flink reports it over its last samples,
 * not over time, which at high rates is a fraction of one burst. When checkpoints stop
 * completing the lag no longer changes (nothing is acknowledged); {@code pending_acks} rising
 * is the signal then.
 */
public final class MqttSourceReaderMetrics {
    public static final String GROUP = "footfall";
    public static final String SUBGROUP = "ingest";
    public static final String SOURCE_GROUP = "mqtt";
    public static final String RECEIVED = "received";
    public static final String RECONNECTS = "reconnects";
    public static final String PENDING_ACKS = "pending_acks";
    public static final String ACK_LAG = "ack_lag_seconds";

    // Paho's callback thread counts, the reporter's thread reads.
    private final Counter received = new ThreadSafeSimpleCounter();
    private final Counter reconnects = new ThreadSafeSimpleCounter();
    private volatile double ackLagSeconds;

    /**
     * @param readerGroup the source reader's metric group
     * @param pendingAcks how many emitted messages wait for a checkpoint; read from the reporter's thread
     */
    public MqttSourceReaderMetrics(MetricGroup readerGroup, IntSupplier pendingAcks) {
        MetricGroup group = readerGroup.addGroup(GROUP).addGroup(SUBGROUP).addGroup(SOURCE_GROUP);
        group.counter(RECEIVED, received);
        group.counter(RECONNECTS, reconnects);
        group.gauge(PENDING_ACKS, (Gauge<Integer>) pendingAcks::getAsInt);
        group.gauge(ACK_LAG, (Gauge<Double>) () -> ackLagSeconds);
    }

    /** A message arrived from the broker. */
    public void received() {
        received.inc();
    }

    /** The client connected again after losing its connection. */
    public void reconnected() {
        reconnects.inc();
    }

    /** A burst of acknowledgements went out; the oldest of them had arrived {@code oldestWaitNanos} ago. */
    public void acknowledged(long oldestWaitNanos) {
        ackLagSeconds = oldestWaitNanos / 1e9;
    }

    public long receivedCount() {
        return received.getCount();
    }

    public long reconnectCount() {
        return reconnects.getCount();
    }

    public double ackLagSeconds() {
        return ackLagSeconds;
    }
}
