package se.helsingborg.footfall.ingest.source.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class MqttSourceReaderMetricsTest {
    /** A metric group that remembers what is registered in it, by its dotted path. */
    private static final class RecordingGroup extends UnregisteredMetricsGroup {
        final Map<String, Metric> metrics;
        final String path;

        RecordingGroup(Map<String, Metric> metrics, String path) {
            this.metrics = metrics;
            this.path = path;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new RecordingGroup(metrics, path.isEmpty() ? name : path + "." + name);
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(path + "." + name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(path + "." + name, gauge);
            return gauge;
        }
    }

    @Test
    void theMetersAreRegisteredUnderFootfallIngestMqttAndFollowTheSource() {
        Map<String, Metric> registered = new LinkedHashMap<>();
        AtomicInteger pending = new AtomicInteger();
        MqttSourceReaderMetrics metrics = new MqttSourceReaderMetrics(new RecordingGroup(registered, ""), pending::get);
        assertThat(registered).containsOnlyKeys("footfall.ingest.mqtt.received", "footfall.ingest.mqtt.reconnects",
                "footfall.ingest.mqtt.pending_acks", "footfall.ingest.mqtt.ack_lag_seconds");

        metrics.received();
        metrics.received();
        metrics.reconnected();
        pending.set(7);
        metrics.acknowledged(1_500_000_000L);

        assertThat(((Counter) registered.get("footfall.ingest.mqtt.received")).getCount()).isEqualTo(2);
        assertThat(((Counter) registered.get("footfall.ingest.mqtt.reconnects")).getCount()).isEqualTo(1);
        assertThat(((Gauge<?>) registered.get("footfall.ingest.mqtt.pending_acks")).getValue()).isEqualTo(7);
        assertThat(((Gauge<?>) registered.get("footfall.ingest.mqtt.ack_lag_seconds")).getValue()).isEqualTo(1.5);
        metrics.acknowledged(200_000_000L);
        assertThat(((Gauge<?>) registered.get("footfall.ingest.mqtt.ack_lag_seconds")).getValue())
                .as("the latest burst's, not the largest ever").isEqualTo(0.2);
    }
}
