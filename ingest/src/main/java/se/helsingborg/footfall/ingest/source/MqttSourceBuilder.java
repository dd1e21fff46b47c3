package se.helsingborg.footfall.ingest.source;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Builds an {@link MqttSource}; only the server and one topic filter are required. */
public final class MqttSourceBuilder {
    private String serverUri;
    private final List<String> topicFilters = new ArrayList<>();
    private String clientIdPrefix = "footfall";
    private String sharedGroup;
    private int qos = 1;
    private int receiveMaximum = 10_000;
    private Duration sessionExpiry = Duration.ofDays(1);
    private String username;
    private String passwordEnv = MqttSourceOptions.DEFAULT_PASSWORD_ENV;
    private String caCertificate;

    MqttSourceBuilder() {}

    public MqttSourceBuilder serverUri(String uri) {
        this.serverUri = uri;
        return this;
    }

    public MqttSourceBuilder topicFilter(String filter) {
        topicFilters.add(filter);
        return this;
    }

    public MqttSourceBuilder clientIdPrefix(String prefix) {
        this.clientIdPrefix = prefix;
        return this;
    }

    public MqttSourceBuilder sharedGroup(String group) {
        this.sharedGroup = group;
        return this;
    }

    public MqttSourceBuilder qos(int qos) {
        this.qos = qos;
        return this;
    }

    public MqttSourceBuilder receiveMaximum(int max) {
        this.receiveMaximum = max;
        return this;
    }

    public MqttSourceBuilder sessionExpiry(Duration expiry) {
        this.sessionExpiry = expiry;
        return this;
    }

    public MqttSourceBuilder username(String username) {
        this.username = username;
        return this;
    }

    public MqttSourceBuilder passwordEnv(String variable) {
        this.passwordEnv = variable;
        return this;
    }

    /** The PEM file of the CA that signed an {@code ssl://} broker's certificate; null for the JVM's CAs. */
    public MqttSourceBuilder caCertificate(String file) {
        this.caCertificate = file;
        return this;
    }

    public MqttSource build() {
        return new MqttSource(new MqttSourceOptions(serverUri, topicFilters, clientIdPrefix, sharedGroup,
                qos, receiveMaximum, sessionExpiry, username, passwordEnv, caCertificate));
    }
}
