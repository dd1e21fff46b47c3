package se.helsingborg.footfall.ingest.source.enumerator;

import java.util.Set;
import java.util.TreeSet;

/** The subtasks that already hold their subscription split. */
public record MqttEnumeratorState(Set<Integer> assigned) {
    public MqttEnumeratorState {
        assigned = Set.copyOf(assigned);
    }

    public static MqttEnumeratorState empty() {
        return new MqttEnumeratorState(Set.of());
    }

    public TreeSet<Integer> sorted() {
        return new TreeSet<>(assigned);
    }
}
