package se.helsingborg.footfall.ingest.source.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointAcknowledgerTest {
    private final CheckpointAcknowledger acks = new CheckpointAcknowledger();

    private List<Integer> released() {
        List<Integer> ids = new ArrayList<>();
        CheckpointAcknowledger.Ack a;
        while ((a = acks.nextReleased()) != null) {
            ids.add(a.messageId());
        }
        return ids;
    }

    @Test
    void nothingIsAcknowledgedBeforeTheCheckpointThatCoversItCompletes() {
        acks.emitted(1, 1, 0, 0);
        acks.emitted(2, 1, 0, 0);
        assertThat(released()).isEmpty();
        acks.checkpoint(10);
        acks.emitted(3, 1, 0, 0);            // after checkpoint 10: belongs to the next one
        assertThat(released()).as("checkpoint 10 taken, not yet complete").isEmpty();
        acks.checkpointComplete(10);
        assertThat(released()).containsExactly(1, 2);
        assertThat(acks.pending()).isEqualTo(1);
    }

    @Test
    void aCompletedCheckpointAlsoReleasesEarlierOnesWhoseNotificationWasLost() {
        acks.emitted(1, 1, 0, 0);
        acks.checkpoint(1);
        acks.emitted(2, 1, 0, 0);
        acks.checkpoint(2);
        acks.emitted(3, 1, 0, 0);
        acks.checkpoint(3);
        acks.checkpointComplete(2);
        assertThat(released()).containsExactly(1, 2);
        acks.checkpointComplete(3);
        assertThat(released()).containsExactly(3);
        assertThat(acks.pending()).isZero();
    }

    @Test
    void pendingCountsMessagesUntilTheirAcknowledgementIsTaken() {
        acks.emitted(1, 1, 0, 0);
        acks.emitted(2, 1, 0, 0);
        acks.checkpoint(1);
        acks.emitted(3, 1, 0, 0);
        assertThat(acks.pending()).isEqualTo(3);
        acks.checkpointComplete(1);
        assertThat(acks.pending()).as("released, not yet sent").isEqualTo(3);
        assertThat(acks.nextReleased().arrivedNanos()).isZero();
        assertThat(acks.pending()).isEqualTo(2);
        assertThat(released()).containsExactly(2);
        assertThat(acks.pending()).isEqualTo(1);
    }

    @Test
    void qosZeroMessagesNeedNoAcknowledgement() {
        acks.emitted(0, 0, 0, 0);
        assertThat(acks.pending()).isZero();
        acks.checkpoint(1);
        acks.checkpointComplete(1);
        assertThat(released()).isEmpty();
    }
}
