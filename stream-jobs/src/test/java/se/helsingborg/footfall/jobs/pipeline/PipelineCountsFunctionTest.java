package se.helsingborg.footfall.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.results.PipelineMinute;

class PipelineCountsFunctionTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<Long, PipelineMinute, PipelineMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new PipelineCountsFunction()),
                counts -> counts.minute().toEpochMilli(), Types.LONG);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void count(PipelineMinute delta) throws Exception {
        harness.processElement(delta, Long.MIN_VALUE);
    }

    @Test
    void eachMinuteOfReceptionAddsUpAndItsLastRowIsTheWholeMinute() throws Exception {
        count(PipelineMinute.decoded(T0.plusSeconds(5), 2));
        count(PipelineMinute.rejected(T0.plusSeconds(20)));
        count(PipelineMinute.duplicate(T0.plusSeconds(30)));
        count(PipelineMinute.decoded(T0.plusSeconds(65), 1));
        count(PipelineMinute.tooLate(T0.plusSeconds(59)));
        count(PipelineMinute.duplicate(T0.plusSeconds(59)));

        var rows = harness.extractOutputValues();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(5)).isEqualTo(new PipelineMinute(T0, 2, 2, 2, 1, 1));
        assertThat(rows.get(3)).isEqualTo(new PipelineMinute(T0.plusSeconds(60), 1, 1, 0, 0, 0));
    }

    @Test
    void aMinuteIsForgottenADayOfProcessingTimeAfterItsLastCount() throws Exception {
        harness.setProcessingTime(1_000);
        count(PipelineMinute.decoded(T0, 1));
        count(PipelineMinute.decoded(T0.plusSeconds(60), 1));
        harness.setProcessingTime(5_000);
        count(PipelineMinute.decoded(T0, 1));
        assertThat(harness.numKeyedStateEntries()).as("totals and expiry of two minutes").isEqualTo(4);
        assertThat(harness.numProcessingTimeTimers()).as("one expiry per minute").isEqualTo(2);

        harness.setProcessingTime(1_000 + PipelineCountsFunction.RETENTION.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("the minute counted last at 5 s stays").isEqualTo(2);
        harness.setProcessingTime(5_000 + PipelineCountsFunction.RETENTION.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).last().isEqualTo(new PipelineMinute(T0, 2, 2, 0, 0, 0));
    }
}
