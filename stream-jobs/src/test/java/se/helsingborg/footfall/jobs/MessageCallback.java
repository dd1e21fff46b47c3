package se.helsingborg.footfall.jobs;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test subscriber's callback that hands each message on, with its topic. (Paho's
 * {@code subscribe} with a message listener recurses into itself in this version, so the tests
 * subscribe without one.)
 */
public record MessageCallback(BiConsumer<String, MqttMessage> onMessage) implements MqttCallback {
    /** Hands on the message alone. */
    public static MessageCallback of(Consumer<MqttMessage> onMessage) {
        return new MessageCallback((topic, message) -> onMessage.accept(message));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        onMessage.accept(topic, message);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
}
