package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

class DuplicateFilterTest {
    private static final Instant T = Instant.parse("2026-11-23T09:00:00Z");

    private static Reading reading(long fCnt, Instant time, int line, boolean cumulative) {
        LineCrossings c = cumulative ? LineCrossings.cumulative("g", line, 10, 5) : LineCrossings.period("g", line, 1, 0, 60);
        return Reading.of("24e124136b316071", time, time, fCnt, c);
    }

    @Test
    void aMessageDeliveredTwiceCountsOnceAndItsOtherPartsStill() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading>(
                new KeyedProcessOperator<>(new DuplicateFilter(Duration.ofMinutes(10))), Reading::identity, Types.STRING)) {
            h.open();
            Reading line1 = reading(7, T, 1, false);
            Reading line1Total = reading(7, T, 1, true);
            Reading line2 = reading(7, T, 2, false);
            for (Reading r : new Reading[] {line1, line1Total, line2, line1, line2, line1Total}) {
                h.processElement(r, r.eventTime().toEpochMilli());
            }
            assertThat(h.extractOutputValues()).containsExactly(line1, line1Total, line2);

            // The device rejoined and counts frames from the start again: a new message.
            Reading afterRejoin = reading(7, T.plus(Duration.ofHours(3)), 1, false);
            h.processElement(afterRejoin, afterRejoin.eventTime().toEpochMilli());
            assertThat(h.extractOutputValues()).hasSize(4).last().isEqualTo(afterRejoin);

            h.processWatermark(T.plus(Duration.ofHours(4)).toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness() throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DuplicateFilter(Duration.ofMinutes(10))), Reading::identity, Types.STRING);
    }

    @Test
    void aMessageRedeliveredAfterARestoreIsNotCountedAgainThoughItsMemoryHasExpired() throws Exception {
        Reading morning = reading(3, T, 1, false);
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            before.processElement(morning, morning.eventTime().toEpochMilli());
            before.processWatermark(T.plus(Duration.ofHours(4)).toEpochMilli()); // the day went on
            assertThat(before.numKeyedStateEntries()).as("forgotten").isZero();
            snapshot = before.snapshot(1, 0);
        }
        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            // The broker redelivers the unacknowledged morning message; the new watermark is at its start.
            after.processElement(morning, morning.eventTime().toEpochMilli());
            Reading evening = reading(500, T.plus(Duration.ofHours(4)).plusSeconds(60), 1, false);
            after.processElement(evening, evening.eventTime().toEpochMilli());
            assertThat(after.extractOutputValues()).containsExactly(evening);
        }
    }

    @Test
    void readingsOlderThanTheWindowBehindTheWatermarkAreDroppedAsLate() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(T.plus(Duration.ofMinutes(30)).toEpochMilli());
            Reading old = reading(1, T, 1, false);
            Reading recent = reading(2, T.plus(Duration.ofMinutes(25)), 1, false);
            h.processElement(old, old.eventTime().toEpochMilli());
            h.processElement(recent, recent.eventTime().toEpochMilli());
            assertThat(h.extractOutputValues()).containsExactly(recent);
        }
    }

    @Test
    void aReadingLaterThanTheAllowedLatenessIsRejectedAsTooLateWithWhatItSaid() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(T.plus(Duration.ofMinutes(30)).toEpochMilli());
            Reading old = Reading.of("24e124136b316071", T, T.plusSeconds(2), 4, LineCrossings.period("main-entrance", 1, 3, 1, 60));
            Reading inTime = reading(2, T.plus(Duration.ofMinutes(21)), 1, false);
            h.processElement(old, old.eventTime().toEpochMilli());
            h.processElement(inTime, inTime.eventTime().toEpochMilli());
            assertThat(h.extractOutputValues()).containsExactly(inTime);
            var rejected = h.getSideOutput(DuplicateFilter.TOO_LATE);
            assertThat(rejected).hasSize(1);
            var row = rejected.peek().getValue();
            assertThat(row.reason()).startsWith("too_late: reading of 2026-11-23T09:00:00Z");
            // The network server's reception: a redelivery writes the same row again, not a second one.
            assertThat(row.receivedAt()).isEqualTo(T.plusSeconds(2));
            assertThat(row.topic()).isEqualTo("24e124136b316071");
            assertThat(new String(row.payload(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains("\"part\": \"line-1-period\"", "\"gate\": \"main-entrance\"", "\"in\": 3", "\"out\": 1");
            h.processWatermark(T.plus(Duration.ofHours(2)).toEpochMilli());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
