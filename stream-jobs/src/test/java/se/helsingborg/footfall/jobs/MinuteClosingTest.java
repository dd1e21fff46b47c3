package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.storage.results.GateMinute;

/**
 * When a minute's row goes out, in event time: once the watermark passes the minute's last instant,
 * which with the job's bound ({@link FootfallJob#DEFAULT_OUT_OF_ORDERNESS}) is when a reading that
 * much later than the minute's end arrives, or live, once the readings have gone quiet. Readings
 * drive the job's own watermark generators, live ({@link LiveWatermarks}, its periodic emit run
 * after every reading here, its wall clock moved by hand) and for replays
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
        /** The live generator's wall clock, moved by hand. */
        private long nanos;

        Pipeline(boolean live) throws Exception {
            periodic = live;
            watermarks = live ? new LiveWatermarks(BOUND, FootfallJob.DEFAULT_QUIET, () -> nanos) : new EventDrivenWatermarks(BOUND);
            gates = new KeyedOneInputStreamOperatorTestHarness<>(
                    new KeyedProcessOperator<>(new GateCountsFunction(FootfallJob.DEFAULT_ALLOWED_LATENESS)),
                    GateFlow::gateId, Types.STRING);
            gates.open();
        }

        /** A counter on {@code gate} reports {@code in} entries in the minute up to {@code periodEnd}. */
        void report(String gate, Instant periodEnd, int in) throws Exception {
            Reading reading = Reading.of("counter-" + gate, periodEnd, periodEnd, ++fCnt,
                    LineCrossings.period(gate, 1, in, 0, 60));
            long time = periodEnd.toEpochMilli();
            gates.processElement(new GateFlow(gate, time, in, 0), time);
            watermarks.onEvent(reading, time, this);
            if (periodic) {
                watermarks.onPeriodicEmit(this);
            }
        }

        /** No reading comes for {@code spell} of wall-clock time; the live generator's periodic emit runs. */
        void silence(Duration spell) {
            nanos += spell.toNanos();
            watermarks.onPeriodicEmit(this);
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

    /**
     * Counters that all report on the whole minute: live, the minute is written once their round
     * has gone quiet, not when the next round a minute later passes the bound; a straggler of the
     * round still counts in its minute. A replay has no wall clock and waits for the bound.
     */
    @ParameterizedTest(name = "live={0}")
    @ValueSource(booleans = {true, false})
    void aRoundOfReportsOnTheWholeMinuteIsWrittenOnceItHasGoneQuiet(boolean live) throws Exception {
        try (Pipeline job = new Pipeline(live)) {
            job.report("main-entrance", MINUTE_END, 3);
            job.report("park-gate-west", MINUTE_END, 2);
            job.silence(FootfallJob.DEFAULT_QUIET.minusMillis(1));
            assertThat(job.rows()).as("still within the quiet spell").isEmpty();
            job.silence(Duration.ofMillis(1));
            if (!live) {
                assertThat(job.rows()).as("a replay moves with the readings only").isEmpty();
                return;
            }
            assertThat(job.rows()).containsExactlyInAnyOrder(row("main-entrance", 3), row("park-gate-west", 2));
            job.report("park-door", MINUTE_END.minusSeconds(1), 1); // a straggler, its period ending a second early
            assertThat(job.rows()).as("written again with it")
                    .contains(new GateMinute("park-door", MINUTE, 1, 0));
            job.report("park-gate-east", MINUTE_END, 4); // the round's own time, after it was written
            assertThat(job.rows()).as("counted in the minute too").contains(row("park-gate-east", 4));
        }
    }

    @Test
    void theLiveWatermarkNeverGoesBackWhenReadingsResumeAfterAQuietSpell() throws Exception {
        List<Long> emitted = new java.util.ArrayList<>();
        long[] nanos = {0};
        LiveWatermarks watermarks = new LiveWatermarks(BOUND, FootfallJob.DEFAULT_QUIET, () -> nanos[0]);
        WatermarkOutput out = new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
                emitted.add(watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
            }

            @Override
            public void markActive() {
            }
        };
        long end = MINUTE_END.toEpochMilli();
        watermarks.onPeriodicEmit(out);
        assertThat(emitted).as("nothing before the first reading").isEmpty();
        watermarks.onEvent(null, end, out);
        watermarks.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(end - BOUND.toMillis() - 1);
        nanos[0] += FootfallJob.DEFAULT_QUIET.toNanos();
        watermarks.onPeriodicEmit(out);
        assertThat(emitted).containsExactly(end - BOUND.toMillis() - 1, end - 1);
        watermarks.onEvent(null, end + 1000, out); // the next reading, busy again: bound below the quiet one
        watermarks.onPeriodicEmit(out);
        assertThat(emitted).as("not back below the quiet spell's").containsExactly(end - BOUND.toMillis() - 1, end - 1);
    }
}
