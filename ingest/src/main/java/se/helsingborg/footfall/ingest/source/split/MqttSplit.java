package se.helsingborg.footfall.ingest.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One reader's share of the subscription. MQTT has no offsets to resume from (the broker's
 * persistent session remembers what is unacknowledged), so a split is only an identity: the
 * subtask whose client id holds the session.
 */
public record MqttSplit(int subtask) implements SourceSplit {
    @Override
    public String splitId() {
        return "mqtt-subscription-" + subtask;
    }
}
