package se.helsingborg.footfall.ingest.source.reader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;
import org.apache.flink.connector.base.source.reader.splitreader.SplitReader;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsAddition;
import org.apache.flink.connector.base.source.reader.splitreader.SplitsChange;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.ingest.source.BrokerTrust;
import se.helsingborg.footfall.ingest.source.MqttSourceOptions;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.ingest.source.metrics.MqttSourceReaderMetrics;
import se.helsingborg.footfall.ingest.source.split.MqttSplit;

/**
 * Runs in the source's fetcher thread and owns the Paho client: connects with a persistent
 * session when its split arrives, hands arriving messages to Flink in batches, and sends the
 * acknowledgements that completed checkpoints have released.
 */
final class MqttSplitReader implements SplitReader<MqttDelivery, MqttSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSplitReader.class);
    private static final int MAX_BATCH = 1_000;
    private static final MqttDelivery WAKE_UP = new MqttDelivery(null, -1, 0, -1, 0);

    private final MqttSourceOptions options;
    private final CheckpointAcknowledger acks;
    private final MqttSourceReaderMetrics metrics;
    private final LinkedBlockingQueue<MqttDelivery> arrived = new LinkedBlockingQueue<>();
    private MqttClient client;
    private MqttSplit split;
    /** Counts connections; a packet id is only valid on the connection it arrived on. */
    private volatile long connection;
    /**
     * Resubscribes after a reconnect. Not on Paho's callback thread: a blocking subscribe there
     * waits for an acknowledgement that only that same thread could read.
     */
    private final java.util.concurrent.ExecutorService resubscriber = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "mqtt-resubscribe");
        t.setDaemon(true);
        return t;
    });

    MqttSplitReader(MqttSourceOptions options, CheckpointAcknowledger acks, MqttSourceReaderMetrics metrics) {
        this.options = options;
        this.acks = acks;
        this.metrics = metrics;
    }

    @Override
    public RecordsWithSplitIds<MqttDelivery> fetch() throws IOException {
        sendReleasedAcks();
        RecordsBySplits.Builder<MqttDelivery> batch = new RecordsBySplits.Builder<>();
        if (split == null) {
            return batch.build();
        }
        try {
            MqttDelivery first = arrived.poll(100, TimeUnit.MILLISECONDS);
            if (first != null && first != WAKE_UP) {
                batch.add(split, first);
            }
            for (int i = 1; i < MAX_BATCH; i++) {
                MqttDelivery next = arrived.poll();
                if (next == null) {
                    break;
                }
                if (next != WAKE_UP) {
                    batch.add(split, next);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return batch.build();
    }

    private void sendReleasedAcks() throws IOException {
        CheckpointAcknowledger.Ack ack;
        long oldestArrival = 0;
        boolean sent = false;
        while (client != null && (ack = acks.nextReleased()) != null) {
            if (ack.connection() != connection) {
                // Delivered on an earlier connection: the broker sends it again on this one, where
                // its packet id may now name another message. Acknowledging would lose that one.
                continue;
            }
            try {
                client.messageArrivedComplete(ack.messageId(), ack.qos());
                // nanoTime values compare by their difference only
                if (!sent || ack.arrivedNanos() - oldestArrival < 0) {
                    oldestArrival = ack.arrivedNanos();
                }
                sent = true;
            } catch (MqttException e) {
                // Not acknowledged means redelivered after reconnecting: a duplicate, not a loss.
                LOG.warn("could not acknowledge MQTT message {}: {}", ack.messageId(), e.getMessage());
            }
        }
        if (sent) {
            metrics.acknowledged(System.nanoTime() - oldestArrival);
        }
    }

    @Override
    public void handleSplitsChanges(SplitsChange<MqttSplit> change) {
        if (!(change instanceof SplitsAddition) || change.splits().isEmpty()) {
            return;
        }
        if (split != null) {
            throw new IllegalStateException("an MQTT reader holds one subscription split, got another: " + change.splits());
        }
        split = change.splits().get(0);
        try {
            connect();
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to MQTT broker " + options.serverUri()
                    + " as " + options.clientId(split.subtask()) + ": " + e.getMessage(), e);
        }
    }

    private void connect() throws MqttException {
        String clientId = options.clientId(split.subtask());
        client = new MqttClient(options.serverUri(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectionOptions connect = new MqttConnectionOptions();
        connect.setCleanStart(false);
        connect.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        connect.setReceiveMaximum(options.receiveMaximum());
        connect.setAutomaticReconnect(true);
        connect.setAutomaticReconnectDelay(1, 30);
        connect.setKeepAliveInterval(30);
        if (options.caCertificate() != null) {
            try {
                connect.setSocketFactory(BrokerTrust.socketFactory(Path.of(options.caCertificate())));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot use CA certificate " + options.caCertificate() + ": " + e.getMessage(), e);
            }
        }
        if (options.username() != null) {
            connect.setUserName(options.username());
            String password = options.passwordEnv() == null ? null : System.getenv(options.passwordEnv());
            if (password != null) {
                connect.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
        }
        client.connect(connect);
        subscribe();
        LOG.info("MQTT source {} connected to {} and subscribed to {}", clientId, options.serverUri(), options.topicFilters());
    }

    private void subscribe() throws MqttException {
        MqttSubscription[] subs = options.topicFilters().stream()
                .map(f -> new MqttSubscription(options.subscription(f), options.qos()))
                .toArray(MqttSubscription[]::new);
        client.subscribe(subs);
    }

    @Override
    public void wakeUp() {
        arrived.offer(WAKE_UP);
    }

    @Override
    public void close() throws Exception {
        resubscriber.shutdownNow();
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
            } finally {
                client.close();
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            metrics.received();
            arrived.offer(new MqttDelivery(new RawMessage(topic, message.getPayload(), Instant.now()),
                    message.getId(), message.getQos(), connection, System.nanoTime()));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                metrics.reconnected();
                LOG.info("MQTT source reconnected to {}", serverUri);
                // The session normally keeps the subscriptions; a broker that lost it does not.
                resubscriber.execute(() -> {
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        LOG.warn("resubscribing after reconnect failed: {}", e.getMessage());
                    }
                });
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connection++; // before the broker redelivers anything on the next connection
            String why = response.getException() != null ? response.getException().getMessage()
                    : response.getReasonString() != null ? response.getReasonString() : "reason code " + response.getReturnCode();
            LOG.warn("MQTT source lost its connection ({}); reconnecting", why);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
