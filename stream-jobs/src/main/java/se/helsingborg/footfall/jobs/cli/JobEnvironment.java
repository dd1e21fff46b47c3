package se.helsingborg.footfall.jobs.cli;

import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.MqttSource;

/** How the command line sets up Flink and the MQTT source for the job. */
final class JobEnvironment {
    private JobEnvironment() {}

    /**
     * The environment {@code flink run} provides when the jar runs on a cluster, else a local
     * MiniCluster; with {@code webUi}, the local one serves Flink's web UI from port 8081 (or the
     * next free one up to 8099).
     */
    static StreamExecutionEnvironment create(boolean webUi, int parallelism, Duration checkpointInterval, String checkpointDir) {
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            String dir = checkpointDir.contains("://") ? checkpointDir : "file://" + java.nio.file.Path.of(checkpointDir).toAbsolutePath();
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir);
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

    static MqttSource mqttSource(String uri, SiteModel site, int parallelism) {
        var builder = MqttSource.builder().serverUri(uri).clientIdPrefix("footfall")
                .username(System.getenv("FOOTFALL_MQTT_USER"));
        Topics.forSite(site).forEach(builder::topicFilter);
        if (parallelism > 1) {
            builder.sharedGroup("footfall");
        }
        return builder.build();
    }
}
