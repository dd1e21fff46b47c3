package se.helsingborg.footfall.jobs.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * A device that reboots while it is not heard: the crossings between its last report heard and
 * the reboot are in no message, and {@link LineRecoveryFunction} estimates them from the line's
 * rate ({@link LostCrossings}); everywhere else it estimates nothing.
 */
class RebootInSilenceTest {
    private static final String DEVICE = "24e124136b316073";
    private static final long MIN = 60_000;
    private static final long T0 = Instant.parse("2026-11-24T08:00:00Z").toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness;
    private long totalIn = 5_000;
    private long totalOut = 4_000;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LineRecoveryFunction(se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS)), LineRecoveryFunction::lineKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The uplink at T0 + minute: the period's counts and the totals, which grow by them. */
    private void report(int minute, long fCnt, long in, long out) throws Exception {
        totalIn += in;
        totalOut += out;
        long time = T0 + minute * MIN;
        Instant at = Instant.ofEpochMilli(time);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.period("park-gate-west", 1, in, out, 60)), time);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.cumulative("park-gate-west", 1, totalIn, totalOut)), time);
    }

    /** A reboot: totals from zero (the frame counter too, as the callers' fCnt shows). */
    private void reboot() {
        totalIn = 0;
        totalOut = 0;
    }

    /** Reports every minute from {@code first} to {@code last} with frame counters from {@code fCnt}. */
    private long steady(int first, int last, long fCnt, long in, long out) throws Exception {
        for (int m = first; m <= last; m++) {
            report(m, fCnt++, in, out);
        }
        return fCnt;
    }

    private Map<Integer, List<Long>> passedOn() {
        Map<Integer, List<Long>> byMinute = new TreeMap<>();
        for (Reading r : harness.extractOutputValues()) {
            int minute = (int) ((r.eventTime().toEpochMilli() - T0) / MIN);
            byMinute.merge(minute, List.of(r.lineCrossings().in(), r.lineCrossings().out()),
                    (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
        }
        return byMinute;
    }

    private void assertNothingLeftBehind() throws Exception {
        harness.processWatermark(T0 + Duration.ofDays(1).toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void theSpanBeforeTheRebootIsEstimatedFromTheLinesRateWithAsManyOutAsIn() throws Exception {
        steady(1, 30, 101, 3, 1);   // half an hour heard: 3 in and 1 out a minute
        // Not heard for minutes 31..50; the device rebooted at minute 40, its frames counting again
        // from 1 at minute 41, and went on at the same pace.
        reboot();
        totalIn = 3 * 9;
        totalOut = 9;
        report(50, 10, 3, 1);
        harness.processWatermark(T0 + 50 * MIN - 1);
        // Recovered exactly from the new totals: minutes 41..50, 30 in and 10 out. Estimated for
        // minutes 31..40 at the rate of both sides (3 in and 1 out a minute): 40 crossings, 20 each way.
        assertThat(passedOn().get(50)).isEqualTo(List.of(30L + 20, 10L + 20));
        assertThat(passedOn().get(30)).isEqualTo(List.of(3L, 1L));
        assertThat(passedOn()).hasSize(31);
        assertNothingLeftBehind();
    }

    @Test
    void theEstimateWeighsTheHourBeforeAndTheSpanAfterTheReboot() throws Exception {
        steady(1, 60, 1, 1, 1);     // a quiet hour: 1 in and 1 out a minute
        // Silent for minutes 61..100, rebooted at minute 80; busier since: 4 in and 4 out a minute.
        reboot();
        totalIn = 4 * 19;
        totalOut = 4 * 19;
        report(100, 20, 4, 4);
        harness.processWatermark(T0 + 100 * MIN - 1);
        // The rate's hour holds the 59 steps after the first report: (59 + 80) people each way over
        // 59 + 20 minutes, for the 20 minutes lost: 35 each way.
        assertThat(passedOn().get(100)).isEqualTo(List.of(80L + 35, 80L + 35));
        assertNothingLeftBehind();
    }

    @Test
    void aRebootRightAfterAReportHeardLosesNothingAndIsEstimatedNothing() throws Exception {
        steady(1, 30, 501, 2, 2);
        reboot();
        report(31, 1, 2, 1);         // the first frame after the reboot, one minute after the last heard
        steady(32, 33, 2, 1, 1);
        harness.processWatermark(T0 + 33 * MIN - 1);
        assertThat(passedOn().get(31)).isEqualTo(List.of(2L, 1L));
        assertThat(passedOn().values().stream().mapToLong(l -> l.get(0)).sum()).isEqualTo(30 * 2 + 2 + 2);
        assertNothingLeftBehind();
    }

    @Test
    void aSilenceWithoutARebootIsRecoveredExactlyAndNotEstimated() throws Exception {
        steady(1, 30, 1, 3, 1);
        totalIn += 19 * 3;           // minutes 31..49 unheard: the totals carry them
        totalOut += 19;
        report(50, 50, 3, 1);
        harness.processWatermark(T0 + 50 * MIN - 1);
        assertThat(passedOn().get(50)).isEqualTo(List.of(60L, 20L));
        assertNothingLeftBehind();
    }

    @Test
    void tooShortAHistoryBeforeTheSilenceEstimatesNothing() throws Exception {
        steady(1, 5, 1, 3, 1);       // five minutes heard: no rate to believe
        reboot();
        totalIn = 3 * 9;
        totalOut = 9;
        report(20, 10, 3, 1);
        harness.processWatermark(T0 + 20 * MIN - 1);
        assertThat(passedOn().get(20)).isEqualTo(List.of(30L, 10L));
        assertNothingLeftBehind();
    }
}
