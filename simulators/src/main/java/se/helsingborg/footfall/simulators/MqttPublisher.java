package se.helsingborg.footfall.simulators;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** Publishes simulated messages to a broker at QoS 1, as a network server's MQTT integration would. */
public final class MqttPublisher implements AutoCloseable {
    private final MqttClient client;

    public MqttPublisher(String serverUri, String clientId) {
        try {
            client = new MqttClient(serverUri, clientId, new MemoryPersistence());
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
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to the MQTT broker at " + serverUri + ": " + e.getMessage()
                    + " (is it running? start Mosquitto with: mosquitto -d -c /etc/mosquitto/mosquitto.conf)", e);
        }
    }

    public void publish(SimulatedMessage message) {
        MqttMessage m = new MqttMessage(message.payload());
        m.setQos(1);
        try {
            client.publish(message.topic(), m);
        } catch (MqttException e) {
            throw new IllegalStateException("publishing to " + message.topic() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        } catch (MqttException ignored) {
            // the broker went first; nothing is left to send
        }
    }
}
