package se.helsingborg.footfall.simulators;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * Publishes simulated messages to a broker at QoS 1, as a network server's MQTT integration would,
 * keeping as many in flight as the broker allows and waiting for acknowledgements when it allows
 * no more, so that nothing is dropped however fast the simulation runs.
 */
public final class MqttPublisher implements AutoCloseable {
    private static final int MAX_INFLIGHT = 32202; // Paho's "too many publishes in progress"
    private static final int NO_MESSAGE_IDS = 32001; // all 65535 packet ids are waiting for acknowledgements
    /**
     * Unacknowledged messages we let out before waiting for the oldest: the footfall Mosquitto's
     * max_inflight_messages. Far more, and Paho runs out of packet ids and can stall for good.
     */
    private static final int WINDOW = 10_000;

    private final MqttAsyncClient client;
    private final ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();

    public MqttPublisher(String serverUri, String clientId) {
        try {
            client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setAutomaticReconnect(true);
            String user = System.getenv("FOOTFALL_MQTT_USER");
            String password = System.getenv("FOOTFALL_MQTT_PASSWORD");
            if (user != null) {
                options.setUserName(user);
                if (password != null) {
                    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
                }
            }
            client.connect(options).waitForCompletion(10_000);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the MQTT broker at " + serverUri + ": " + e.getMessage()
                    + " (is it running? start Mosquitto with: mosquitto -d -c config/mosquitto/footfall.conf)", e);
        }
    }

    public void publish(SimulatedMessage message) {
        MqttMessage m = new MqttMessage(message.payload());
        m.setQos(1);
        while (inFlight.size() >= WINDOW) {
            awaitOldest();
        }
        long giveUp = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                inFlight.add(client.publish(message.topic(), m));
                return;
            } catch (MqttException e) {
                if ((e.getReasonCode() != MAX_INFLIGHT && e.getReasonCode() != NO_MESSAGE_IDS) || System.nanoTime() > giveUp) {
                    throw new IllegalStateException("publishing to " + message.topic() + " failed: " + e.getMessage(), e);
                }
                if (inFlight.isEmpty()) {
                    // acknowledged, but the client has not counted it off yet
                    Thread.onSpinWait();
                } else {
                    awaitOldest();
                }
            }
        }
    }

    /** Waits until every message handed to {@link #publish} has been acknowledged by the broker. */
    public void flush() {
        while (!inFlight.isEmpty()) {
            awaitOldest();
        }
    }

    private void awaitOldest() {
        try {
            inFlight.poll().waitForCompletion(30_000);
        } catch (MqttException e) {
            throw new IllegalStateException("the broker did not acknowledge a message: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException ignored) {
            // the broker went first; nothing is left to send
        }
    }
}
