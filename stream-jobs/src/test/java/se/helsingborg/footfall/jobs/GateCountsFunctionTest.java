package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

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

    private KeyedOneInputStreamOperatorTestHarness<String, GateFlow, GateMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GateCountsFunction()), GateFlow::gateId, Types.STRING);
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
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aFlowForAMinuteAlreadyWrittenIsNotApplied() throws Exception {
        flow("main-entrance", 1, 3, 0);
        harness.processWatermark(T0 + MIN - 1);
        flow("main-entrance", 1, 100, 0);
        harness.processWatermark(T0 + 5 * MIN);
        assertThat(harness.extractOutputValues()).containsExactly(row("main-entrance", 0, 3, 0));
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
