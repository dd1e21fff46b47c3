package se.helsingborg.footfall.jobs.alerts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.ingest.source.BrokerTrust;

/**
 * One publishing connection. Alerts are rare (a few a day per zone), so each is published
 * synchronously: when {@link #write} returns, the broker has acknowledged it, and a checkpoint never
 * covers an alert still in flight. A broker that stays away longer than {@link #RECONNECT_WAIT_MS}
 * fails the job, which restarts from its last checkpoint and publishes again what was not sent.
 */
final class AlertPublisherWriter implements SinkWriter<AlertChange> {
    private static final Logger LOG = LoggerFactory.getLogger(AlertPublisherWriter.class);
    private static final long RECONNECT_WAIT_MS = 30_000;

    private final String serverUri;
    private final MqttClient client;

    AlertPublisherWriter(String serverUri, String clientId, String username, String password, String caCertificate) {
        this.serverUri = serverUri;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true); // nothing to resume: every message is acknowledged before write returns
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setKeepAliveInterval(30);
        if (caCertificate != null) {
            try {
                options.setSocketFactory(BrokerTrust.socketFactory(Path.of(caCertificate)));
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot use CA certificate " + caCertificate + ": " + e.getMessage(), e);
            }
        }
        if (username != null) {
            options.setUserName(username);
            if (password != null) {
                options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            client = new MqttClient(serverUri, clientId, new MemoryPersistence());
            client.setTimeToWait(RECONNECT_WAIT_MS);
            client.connect(options);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to MQTT broker " + serverUri + " as " + clientId
                    + " to publish alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public void write(AlertChange change, Context context) throws IOException {
        MqttMessage message = new MqttMessage(AlertMessage.payload(change));
        message.setQos(1);
        message.setRetained(true);
        String topic = AlertMessage.topic(change);
        long giveUp = System.currentTimeMillis() + RECONNECT_WAIT_MS;
        while (true) {
            try {
                client.publish(topic, message);
                return;
            } catch (MqttException e) {
                if (client.isConnected() || System.currentTimeMillis() > giveUp) {
                    throw new IOException("could not publish the alert to " + topic + " on " + serverUri + ": " + e.getMessage(), e);
                }
                LOG.warn("Publishing the alert to {} failed ({}); waiting for the connection to return", topic, e.getMessage());
                sleep();
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the MQTT broker", e);
        }
    }

    @Override
    public void flush(boolean endOfInput) {
        // every write has been acknowledged already
    }

    @Override
    public void close() throws Exception {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } finally {
            client.close();
        }
    }
}
