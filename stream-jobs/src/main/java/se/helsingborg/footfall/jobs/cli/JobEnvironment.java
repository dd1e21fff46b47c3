package se.helsingborg.footfall.jobs.cli;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.MqttSource;
import se.helsingborg.footfall.jobs.alerts.AlertPublisher;

/** How the command line sets up Flink and the MQTT source for the job. */
final class JobEnvironment {
    /** Where a local run serves its metrics for Prometheus: the first free port of these. */
    static final String METRICS_PORTS = "9249-9260";

    /** The first wait before the job restarts after a failure (a database that went away, say). */
    static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);
    /** The longest wait between restarts: the job is back at most this long after the database is. */
    static final Duration LONGEST_RESTART_DELAY = Duration.ofSeconds(30);
    /** Running this long without a failure starts the waits from the first one again. */
    static final Duration RESTART_DELAY_RESET = Duration.ofMinutes(10);

    private JobEnvironment() {}

    /**
     * The environment {@code flink run} provides when the jar runs on a cluster, else a local
     * MiniCluster; with {@code webUi}, the local one serves Flink's web UI from port 8081 (or the
     * next free one up to 8099).
     */
    static StreamExecutionEnvironment create(boolean webUi, int parallelism, Duration checkpointInterval, String checkpointDir) {
        Configuration conf = new Configuration();
        // Metrics for Prometheus at http://127.0.0.1:<port>/metrics (footfall_ingest_messages, ...) when the
        // job runs locally; a cluster configures its own reporters.
        conf.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        conf.setString("metrics.reporter.prom.port", METRICS_PORTS);
        restartWithBackoff(conf);
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            boolean local = !checkpointDir.contains("://") || checkpointDir.startsWith("file://");
            java.nio.file.Path localDir = local ? java.nio.file.Path.of(checkpointDir.replaceFirst("^file://", "")).toAbsolutePath() : null;
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, local ? localDir.toUri().toString() : checkpointDir);
            // Kept when the job stops or dies, so that the next start can carry on from it.
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            if (local) {
                LatestCheckpoint.in(localDir).ifPresent(latest -> {
                    System.out.println("footfall: carrying on from checkpoint " + latest);
                    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, latest.toUri().toString());
                });
            }
        }
        StreamExecutionEnvironment env;
        if (webUi) {
            conf.set(RestOptions.BIND_PORT, "8081-8099");
            conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
            env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        } else {
            env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        }
        env.setParallelism(parallelism);
        // MQTT messages are acknowledged when a checkpoint completes (DESIGN §6): without
        // checkpoints nothing would ever be acknowledged and the broker would stop sending.
        env.enableCheckpointing(checkpointInterval.toMillis());
        return env;
    }

    /**
     * A failed job (most often a sink that could not reach the database) restarts from its last
     * checkpoint after 1, 2, 4, ... s, up to {@link #LONGEST_RESTART_DELAY} between attempts, and
     * never gives up: an outage of the database is waited out, however long, and the MQTT messages
     * not yet covered by a completed checkpoint stay unacknowledged at the broker until then.
     */
    static void restartWithBackoff(Configuration conf) {
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, FIRST_RESTART_DELAY);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, LONGEST_RESTART_DELAY);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        // Spread the attempts a little, so that parallel jobs do not all knock at the same moment.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, RESTART_DELAY_RESET);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
    }

    /**
     * Publishes capacity alerts to the broker the job reads ({@code footfall/v1/{site}/alerts/{zone}}),
     * as {@code PREFIX-alerts-<subtask>}, with the source's user, password and CA certificate.
     */
    static AlertPublisher alertPublisher(String uri, String clientIdPrefix, java.nio.file.Path caCertificate) {
        return new AlertPublisher(uri, clientIdPrefix, System.getenv("FOOTFALL_MQTT_USER"),
                caCertificate == null ? null : caCertificate.toAbsolutePath().toString());
    }

    static MqttSource mqttSource(String uri, SiteModel site, int parallelism) {
        return mqttSource(uri, site, parallelism, "footfall", Duration.ofDays(1));
    }

    static MqttSource mqttSource(String uri, SiteModel site, int parallelism, String clientIdPrefix, Duration sessionExpiry) {
        return mqttSource(uri, site, parallelism, clientIdPrefix, sessionExpiry, null);
    }

    /** @param caCertificate the PEM file of the CA behind an {@code ssl://} broker's certificate, or null */
    static MqttSource mqttSource(String uri, SiteModel site, int parallelism, String clientIdPrefix, Duration sessionExpiry,
            java.nio.file.Path caCertificate) {
        if (caCertificate != null && !java.nio.file.Files.isReadable(caCertificate)) {
            throw new IllegalArgumentException("cannot read the CA certificate " + caCertificate);
        }
        var builder = MqttSource.builder().serverUri(uri).clientIdPrefix(clientIdPrefix).sessionExpiry(sessionExpiry)
                .username(System.getenv("FOOTFALL_MQTT_USER"))
                // absolute: the readers open it from wherever their task runs
                .caCertificate(caCertificate == null ? null : caCertificate.toAbsolutePath().toString());
        Topics.forSite(site).forEach(builder::topicFilter);
        if (parallelism > 1) {
            builder.sharedGroup("footfall");
        }
        return builder.build();
    }
}
