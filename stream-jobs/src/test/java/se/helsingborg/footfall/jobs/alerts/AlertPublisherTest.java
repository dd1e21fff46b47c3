package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import se.helsingborg.footfall.jobs.MessageCallback;
import se.helsingborg.footfall.jobs.TestBroker;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;

/** The MQTT alert sink in a Flink job against the real Mosquitto: a subscriber gets the JSON, a late one the retained state. */
class AlertPublisherTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void alertChangesArePublishedAsJsonPerZoneAndTheLastIsRetained() throws Exception {
        String uri = TestBroker.mosquittoUri();
        String site = "alert-test-" + UUID.randomUUID().toString().substring(0, 8); // a topic of this run's own
        String topic = "footfall/v1/" + site + "/alerts/hall";
        Instant start = Instant.parse("2026-11-23T09:01:00Z");
        List<AlertChange> changes = List.of(
                new AlertChange(site, new CapacityAlert("hall", AlertLevel.BUSY, start, null, 85, 90), AlertLevel.BUSY),
                new AlertChange(site, new CapacityAlert("hall", AlertLevel.FULL, start.plusSeconds(120), null, 100, 101), AlertLevel.FULL),
                new AlertChange(site, new CapacityAlert("hall", AlertLevel.FULL, start.plusSeconds(120), start.plusSeconds(600), 100, 104),
                        AlertLevel.BUSY));

        LinkedBlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        MqttClient subscriber = subscribe(uri, "sub", topic, received);
        try {

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(1);
            env.fromData(changes).sinkTo(new AlertPublisher(uri, "footfall-test-" + site, null, null));
            env.execute("alert-publisher-test");

            JsonNode first = next(received);
            assertThat(first.toString()).isEqualTo("{\"site\":\"" + site + "\",\"zone\":\"hall\",\"level\":\"busy\","
                    + "\"state\":\"open\",\"started_at\":\"2026-11-23T09:01:00Z\",\"ended_at\":null,\"threshold\":85,"
                    + "\"peak_occupancy\":90,\"zone_level\":\"busy\"}");
            assertThat(next(received).path("zone_level").asText()).isEqualTo("full");
            JsonNode last = next(received);
            assertThat(last.path("state").asText()).isEqualTo("ended");
            assertThat(last.path("ended_at").asText()).isEqualTo("2026-11-23T09:11:00Z");
            assertThat(last.path("peak_occupancy").asInt()).isEqualTo(104);
            assertThat(last.path("zone_level").asText()).as("busy lasts after full ended").isEqualTo("busy");
        } finally {
            subscriber.disconnect();
            subscriber.close();
        }

        // Whoever connects later is told the zone's state at once.
        LinkedBlockingQueue<MqttMessage> late = new LinkedBlockingQueue<>();
        MqttClient latecomer = subscribe(uri, "late", topic, late);
        try {
            MqttMessage retained = late.poll(10, TimeUnit.SECONDS);
            assertThat(retained).as("a retained message").isNotNull();
            assertThat(retained.isRetained()).isTrue();
            assertThat(retained.getQos()).isEqualTo(1);
            assertThat(JSON.readTree(retained.getPayload()).path("state").asText()).isEqualTo("ended");
            // Leave the shared broker as it was: an empty retained message removes the retained one.
            latecomer.publish(topic, new byte[0], 1, true);
        } finally {
            latecomer.disconnect();
            latecomer.close();
        }
    }

    private static JsonNode next(LinkedBlockingQueue<MqttMessage> received) throws Exception {
        MqttMessage m = received.poll(10, TimeUnit.SECONDS);
        assertThat(m).as("an alert message within 10 s").isNotNull();
        assertThat(m.getQos()).isEqualTo(1);
        return JSON.readTree(m.getPayload());
    }

    private static MqttClient subscribe(String uri, String role, String topic, LinkedBlockingQueue<MqttMessage> into)
            throws Exception {
        MqttClient client = new MqttClient(uri, "footfall-alert-test-" + role + "-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(MessageCallback.of(into::add));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        client.connect(options);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topic, 1)});
        return client;
    }
}
