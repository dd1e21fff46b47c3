package se.helsingborg.footfall.ingest.source;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the MQTT source connects and subscribes. Defaults follow the reliability rules (DESIGN §6):
 * QoS 1, a persistent session that outlives a restart of the job, and acknowledgements only
 * after the checkpoint holding a message's effect completes.
 *
 * @param serverUri e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param topicFilters what to subscribe to
 * @param clientIdPrefix each reader connects as {@code prefix-<subtask>}; keep it stable, the
 *     broker keeps the session (and the messages queued while the job was down) under that id
 * @param sharedGroup when set, subscriptions are shared ({@code $share/<group>/<filter>}) so that
 *     parallel readers split the messages between them instead of each receiving all
 * @param receiveMaximum how many unacknowledged QoS 1 messages the broker may send before waiting;
 *     must cover a checkpoint interval's worth of messages
 * @param sessionExpiry how long the broker keeps the session while the job is away
 * @param username null for anonymous
 * @param passwordEnv the environment variable holding the password (never the password itself,
 *     so that it is not written into the job graph)
 * @param caCertificate for {@code ssl://} brokers whose certificate comes from a CA of their own:
 *     the file (PEM) with that CA's certificate, read where the readers run; null trusts the JVM's
 *     public CAs
 */
public record MqttSourceOptions(
        String serverUri,
        List<String> topicFilters,
        String clientIdPrefix,
        String sharedGroup,
        int qos,
        int receiveMaximum,
        Duration sessionExpiry,
        String username,
        String passwordEnv,
        String caCertificate)
        implements Serializable {

    public static final String DEFAULT_PASSWORD_ENV = "FOOTFALL_MQTT_PASSWORD";

    public MqttSourceOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        topicFilters = List.copyOf(topicFilters);
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("the MQTT source needs at least one topic filter");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receiveMaximum must be within 1..65535");
        }
        if (caCertificate != null && !serverUri.startsWith("ssl://") && !serverUri.startsWith("wss://")) {
            // A CA certificate for a plain connection would be silently unused: the user meant TLS.
            throw new IllegalArgumentException("a CA certificate is for TLS brokers (ssl://...), not " + serverUri);
        }
    }

    /** The filter as it is subscribed: wrapped in a shared subscription when a group is set. */
    public String subscription(String filter) {
        return sharedGroup == null ? filter : "$share/" + sharedGroup + "/" + filter;
    }

    public String clientId(int subtask) {
        return clientIdPrefix + "-" + subtask;
    }
}
