package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.results.GateMinute;

class GateCountsFunctionTest {
    private static final long MIN = 60_000;
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();
    private static final Duration LATENESS = Duration.ofMinutes(15);

    private KeyedOneInputStreamOperatorTestHarness<String, GateFlow, GateMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GateCountsFunction(LATENESS)), GateFlow::gateId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void flow(String gate, int endMinute, long in, long out) throws Exception {
        long end = T0 + endMinute * MIN;
        harness.processElement(new GateFlow(gate, end, in, out), end);
    }

    private static GateMinute row(String gate, int minute, int in, int out) {
        return new GateMinute(gate, Instant.ofEpochMilli(T0 + minute * MIN), in, out);
    }

    private static GateMinute retraction(String gate, int minute) {
        return GateMinute.retraction(gate, Instant.ofEpochMilli(T0 + minute * MIN));
    }

    @Test
    void countsOfAGateAddUpPerMinuteAndAreWrittenWhenTheWatermarkPasses() throws Exception {
        flow("main-entrance", 1, 3, 1);
        flow("main-entrance", 1, 2, 0);   // a second line of the same gate
        flow("park-door", 1, 0, 4);
        flow("main-entrance", 3, 1, 1);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.processWatermark(T0 + MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(
                row("main-entrance", 0, 5, 1), row("park-door", 0, 0, 4));
        harness.processWatermark(T0 + 3 * MIN - 1);
        assertThat(harness.extractOutputValues()).as("a quiet minute has no row").containsExactlyInAnyOrder(
                row("main-entrance", 0, 5, 1), row("park-door", 0, 0, 4), row("main-entrance", 2, 1, 1));
        assertNothingLeftBehind();
    }

    @Test
    void theEstimatedPartOfAMinuteIsSummedBesideItAndKeptThroughARewrite() throws Exception {
        long end = T0 + MIN;
        harness.processElement(new GateFlow("park-gate-west", end, 25, 21, 20, 20), end); // a recovery, partly estimated
        flow("park-gate-west", 1, 2, 0);
        harness.processElement(new GateFlow("park-gate-west", end, 4, 4, 4, 4), end);       // another line's estimate
        flow("park-door", 1, 1, 1);
        harness.processWatermark(T0 + MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(
                new GateMinute("park-gate-west", Instant.ofEpochMilli(T0), 31, 25, 24, 24), row("park-door", 0, 1, 1));
        flow("park-gate-west", 1, 1, 0); // late, counted: the rewritten row keeps the estimate
        assertThat(harness.extractOutputValues()).last()
                .isEqualTo(new GateMinute("park-gate-west", Instant.ofEpochMilli(T0), 32, 25, 24, 24));
        assertNothingLeftBehind();
    }

    @Test
    void aLateFlowWithinTheLatenessRewritesItsOwnMinute() throws Exception {
        flow("main-entrance", 1, 3, 0);
        flow("main-entrance", 3, 1, 1);
        harness.processWatermark(T0 + 5 * MIN);
        assertThat(harness.extractOutputValues()).containsExactly(row("main-entrance", 0, 3, 0), row("main-entrance", 2, 1, 1));
        flow("main-entrance", 1, 2, 1);   // minute 0, five minutes late
        flow("main-entrance", 2, 4, 0);   // minute 1, which had no crossings
        assertThat(harness.extractOutputValues()).containsExactly(row("main-entrance", 0, 3, 0), row("main-entrance", 2, 1, 1),
                row("main-entrance", 0, 5, 1), row("main-entrance", 1, 4, 0));
        assertNothingLeftBehind();
    }

    @Test
    void aWithdrawalTakesCrossingsOutOfItsMinuteAndAWrittenMinuteItEmptiesIsRetracted() throws Exception {
        flow("main-entrance", 3, 5, 1);   // crossings a total recovered into minute 2
        harness.processWatermark(T0 + 3 * MIN);
        flow("main-entrance", 2, 3, 1);   // the late period count that carried them, in minute 1
        flow("main-entrance", 3, -3, -1); // and their withdrawal from minute 2
        flow("main-entrance", 3, -2, 0);
        assertThat(harness.extractOutputValues()).containsExactly(row("main-entrance", 2, 5, 1), row("main-entrance", 1, 3, 1),
                row("main-entrance", 2, 2, 0), retraction("main-entrance", 2));
        flow("main-entrance", 3, 1, 0);   // a late count of minute 2's own: the minute has a row again
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("main-entrance", 2, 1, 0));
        assertNothingLeftBehind();
    }

    @Test
    void aMinuteEmptiedBeforeItIsWrittenHasNoRowAndNothingToRetract() throws Exception {
        flow("main-entrance", 3, 5, 1);   // recovered into minute 2
        flow("main-entrance", 2, 5, 1);   // the late period count, still before minute 2 is written
        flow("main-entrance", 3, -5, -1);
        harness.processWatermark(T0 + 3 * MIN);
        assertThat(harness.extractOutputValues()).as("as on time: minute 1 only").containsExactly(row("main-entrance", 1, 5, 1));
        assertNothingLeftBehind();
    }

    @Test
    void aFlowLaterThanTheLatenessIsNotApplied() throws Exception {
        flow("main-entrance", 1, 3, 0);
        harness.processWatermark(T0 + MIN - 1);
        harness.processWatermark(T0 + MIN + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("the minute's sums are dropped after the lateness").isZero();
        flow("main-entrance", 1, 100, 0);
        harness.processWatermark(T0 + 30 * MIN);
        assertThat(harness.extractOutputValues()).containsExactly(row("main-entrance", 0, 3, 0));
        assertNothingLeftBehind();
    }

    private void assertNothingLeftBehind() throws Exception {
        harness.processWatermark(T0 + Duration.ofDays(1).toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }
}
