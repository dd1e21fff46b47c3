package se.helsingborg.footfall.jobs;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** The real MQTT broker the tests use, and a clear failure when it is not there. */
public final class TestBroker {
    private TestBroker() {}

    public static String mosquittoUri() {
        String uri = System.getenv().getOrDefault("FOOTFALL_TEST_MQTT_URI", "tcp://127.0.0.1:1883");
        try {
            MqttClient probe = new MqttClient(uri, "footfall-test-probe-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setConnectionTimeout(5);
            probe.connect(options);
            probe.disconnect();
            probe.close();
        } catch (Exception e) {
            throw new IllegalStateException("These tests need an MQTT 5 broker at " + uri + " and could not connect: "
                    + e.getMessage() + ". Start Mosquitto with: mosquitto -d -c config/mosquitto/footfall.conf"
                    + " (or run .ci/run, which installs and starts it).", e);
        }
        return uri;
    }

    /**
     * Ends the broker's session of a client id that will not come back, so the broker stops keeping
     * (and queueing messages for) it: a clean start discards the session, expiry 0 ends the new one.
     */
    public static void discardSession(String uri, String clientId) {
        try {
            MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            options.setConnectionTimeout(10);
            client.connect(options);
            client.disconnect();
            client.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not discard the MQTT session of " + clientId + ": " + e.getMessage(), e);
        }
    }
}
