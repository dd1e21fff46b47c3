package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.results.GateMinute;

/**
 * When a minute's row goes out, in event time: once the watermark passes the minute's last instant,
 * which with the job's bound ({@link FootfallJob#DEFAULT_OUT_OF_ORDERNESS}) is when a reading that
 * much later than the minute's end arrives. Readings drive the job's own watermark generators, live
 * (Flink's bounded out-of-orderness, emitting after every reading here) and for replays
 * ({@link EventDrivenWatermarks}), and their watermarks drive the gate counts.
 */
class MinuteClosingTest {
    private static final Instant MINUTE = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant MINUTE_END = MINUTE.plusSeconds(60);
    private static final Duration BOUND = FootfallJob.DEFAULT_OUT_OF_ORDERNESS;

    /** One generator's watermarks fed to the gate counts, readings to both. */
    private static final class Pipeline implements WatermarkOutput, AutoCloseable {
        private final WatermarkGenerator<Reading> watermarks;
        private final boolean periodic;
        private final KeyedOneInputStreamOperatorTestHarness<String, GateFlow, GateMinute> gates;
        private long fCnt;

        Pipeline(boolean live) throws Exception {
            periodic = live;
            watermarks = live ? new BoundedOutOfOrdernessWatermarks<>(BOUND) : new EventDrivenWatermarks(BOUND);
            gates = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new GateCountsFunction(FootfallJob.DEFAULT_ALLOWED_LATENESS)),
                    GateFlow::gateId, Types.STRING);
            gates.open();
        }

        /** A counter on {@code gate} reports {@code in} entries in the minute up to {@code periodEnd}. */
        void report(String gate, Instant periodEnd, int in) throws Exception {
            Reading reading = Reading.of("counter-" + gate, periodEnd, periodEnd, ++fCnt,
                    new LineCrossings(gate, 1, in, 0, false, 60, false));
            long time = periodEnd.toEpochMilli();
            gates.processElement(new GateFlow(gate, time, in, 0), time);
            watermarks.onEvent(reading, time, this);
            if (periodic) {
                watermarks.onPeriodicEmit(this);
            }
        }

        List<GateMinute> rows() {
            return gates.extractOutputValues();
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            try {
                gates.processWatermark(watermark.getTimestamp());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void markIdle() {
        }

        @Override
        public void markActive() {
        }

        @Override
        public void close() throws Exception {
            // past the allowed lateness every minute is let go
            gates.processWatermark(MINUTE_END.plus(Duration.ofDays(1)).toEpochMilli());
            assertThat(gates.numKeyedStateEntries()).as("keyed state left").isZero();
            assertThat(gates.numEventTimeTimers()).as("timers left").isZero();
            gates.close();
        }
    }

    private static GateMinute row(String gate, int in) {
        return new GateMinute(gate, MINUTE, in, 0);
    }

    @ParameterizedTest(name = "live={0}")
    @ValueSource(booleans = {true, false})
    void aMinuteIsWrittenWhenAReadingTheBoundPastItsEndArrives(boolean live) throws Exception {
        try (Pipeline job = new Pipeline(live)) {
            job.report("main-entrance", MINUTE_END, 3);
            assertThat(job.rows()).as("its own period counts do not close the minute").isEmpty();
            job.report("park-gate-west", MINUTE_END.plus(BOUND).minusMillis(1), 0);
            assertThat(job.rows()).as("a reading just short of the bound past the minute's end").isEmpty();
            job.report("park-gate-east", MINUTE_END.plus(BOUND), 0);
            assertThat(job.rows()).containsExactly(row("main-entrance", 3));
        }
    }

    /**
     * Counters that report at different seconds of the minute close each other's minutes: one
     * reporting ten seconds past the minute gets the minute written then, not half a minute later
     * as the 30 s bound once held it. Readings later than that still count, as rewrites.
     */
    @ParameterizedTest(name = "live={0}")
    @ValueSource(booleans = {true, false})
    void aCounterReportingTenSecondsIntoTheNextMinuteClosesTheMinute(boolean live) throws Exception {
        try (Pipeline job = new Pipeline(live)) {
            job.report("main-entrance", MINUTE_END, 3);
            job.report("park-gate-west", MINUTE_END.plusSeconds(10), 2);
            assertThat(job.rows()).containsExactly(row("main-entrance", 3));
            job.report("park-door", MINUTE_END, 1);   // a slower uplink of the same minute
            assertThat(job.rows()).as("counted in its own minute all the same")
                    .containsExactly(row("main-entrance", 3), new GateMinute("park-door", MINUTE, 1, 0));
        }
    }
}
