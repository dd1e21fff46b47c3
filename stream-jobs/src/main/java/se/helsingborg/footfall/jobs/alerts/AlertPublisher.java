package se.helsingborg.footfall.jobs.alerts;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Publishes capacity alert changes to MQTT for whatever notifies people ({@link AlertMessage}):
 * QoS 1, so the broker has each one before the job moves on, and retained, so that a notifier or a
 * door display that connects later is told at once how every zone stands. Each message names the
 * zone's level after the change, so the one retained per zone is always its current state, even
 * when it is about the other level's episode (full ended while busy lasts).
 *
 * <p>At least once: a job restarted from a checkpoint publishes the changes after it again, with
 * the same episode keys (zone, level, {@code started_at}), which a notifier can tell apart.
 */
public final class AlertPublisher implements Sink<AlertChange> {
    private static final long serialVersionUID = 1L;
    /** Where the password is read, on the task manager that publishes, never from a flag. */
    public static final String PASSWORD_ENV = "FOOTFALL_MQTT_PASSWORD";

    private final String serverUri;
    private final String clientIdPrefix;
    private final String username;
    private final String caCertificate;
    private final String passwordEnv;

    /**
     * @param clientIdPrefix writers connect as {@code PREFIX-alerts-<subtask>}
     * @param username null for none; the password then comes from {@value #PASSWORD_ENV}
     * @param caCertificate the PEM file of the CA behind an {@code ssl://} broker's certificate, or null
     */
    public AlertPublisher(String serverUri, String clientIdPrefix, String username, String caCertificate) {
        this(serverUri, clientIdPrefix, username, caCertificate, PASSWORD_ENV);
    }

    /** As above, with the password read from the environment variable {@code passwordEnv}. */
    public AlertPublisher(String serverUri, String clientIdPrefix, String username, String caCertificate, String passwordEnv) {
        this.serverUri = serverUri;
        this.clientIdPrefix = clientIdPrefix;
        this.username = username;
        this.caCertificate = caCertificate;
        this.passwordEnv = passwordEnv;
    }

    @Override
    public SinkWriter<AlertChange> createWriter(WriterInitContext context) {
        String clientId = clientIdPrefix + "-alerts-" + context.getTaskInfo().getIndexOfThisSubtask();
        return new AlertPublisherWriter(serverUri, clientId, username, System.getenv(passwordEnv), caCertificate);
    }
}
