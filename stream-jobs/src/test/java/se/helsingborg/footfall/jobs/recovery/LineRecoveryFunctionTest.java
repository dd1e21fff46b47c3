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

class LineRecoveryFunctionTest {
    private static final String DEVICE = "24e124136b316071";
    private static final long MIN = 60_000;
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();
    private static final Duration LATENESS = Duration.ofMinutes(15);

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new LineRecoveryFunction(LATENESS, java.time.ZoneId.of("Europe/Stockholm"))), LineRecoveryFunction::lineKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The uplink a VS133 sends at T0 + minute: the period's counts and the running totals of line 1. */
    private void report(int minute, long fCnt, long in, long out, long totalIn, long totalOut) throws Exception {
        reportAt(T0 + minute * MIN, fCnt, in, out, totalIn, totalOut);
    }

    /** As {@link #report}, sent at {@code time}. */
    private void reportAt(long time, long fCnt, long in, long out, long totalIn, long totalOut) throws Exception {
        Instant at = Instant.ofEpochMilli(time);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.period("main-entrance", 1, in, out, 60)), time);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.cumulative("main-entrance", 1, totalIn, totalOut)), time);
    }

    /** Entries and exits passed on, per minute after T0 of the period's end; withdrawals count negative. */
    private Map<Integer, List<Long>> passedOn() {
        Map<Integer, List<Long>> byMinute = new TreeMap<>();
        for (Reading r : harness.extractOutputValues()) {
            LineCrossings c = r.lineCrossings();
            assertThat(c.cumulative()).as("only period counts go on").isFalse();
            int minute = (int) ((r.eventTime().toEpochMilli() - T0) / MIN);
            byMinute.merge(minute, List.of(c.signedIn(), c.signedOut()), (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
        }
        return byMinute;
    }

    /** The withdrawals passed on, as (minute, in, out). */
    private List<List<Long>> withdrawals() {
        return harness.extractOutputValues().stream().filter(r -> r.lineCrossings().withdrawn())
                .map(r -> List.of((r.eventTime().toEpochMilli() - T0) / MIN, r.lineCrossings().in(), r.lineCrossings().out()))
                .toList();
    }

    /** Once the line has been idle long enough for its profile to be forgotten too. */
    private void assertNothingLeftBehind() throws Exception {
        harness.processWatermark(T0 + LineRecoveryFunction.PROFILE_FORGET.plusDays(1).toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void readingsOfNoLineGoOnAtOnceAndLeaveNothing() throws Exception {
        Instant at = Instant.ofEpochMilli(T0);
        Reading area = Reading.of(DEVICE, at, at, 7, new se.helsingborg.footfall.ingest.reading.AreaCount("lib", 12));
        harness.processElement(area, T0);
        assertThat(harness.extractOutputValues()).containsExactly(area);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void periodCountsGoOnAtOnceAndTotalsNever() throws Exception {
        report(1, 1, 3, 1, 1003, 501);
        report(2, 2, 2, 0, 1005, 501);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(2L, 0L)));
        harness.processWatermark(T0 + 2 * MIN - 1); // the totals are taken: they show nothing lost
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(2L, 0L)));
        assertNothingLeftBehind();
    }

    @Test
    void crossingsOfAnOfflineGapAreRecoveredExactlyAtTheGapsEnd() throws Exception {
        report(1, 1, 3, 1, 1003, 501);
        // minutes 2..40 lost: the device went on counting 57 in and 44 out
        report(41, 41, 2, 1, 1003 + 57 + 2, 501 + 44 + 1);
        report(42, 42, 1, 0, 1003 + 57 + 3, 501 + 44 + 1);
        harness.processWatermark(T0 + 42 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 41, List.of(59L, 45L), 42, List.of(1L, 0L)));
        assertNothingLeftBehind();
    }

    @Test
    void aRebootIsAResetNotNegativePeopleAndAGapAfterItIsStillRecovered() throws Exception {
        report(1, 1000, 3, 1, 4003, 2001);
        report(2, 1001, 1, 1, 4004, 2002);
        // reboot: totals and frame counter from zero; the first report after carries 2 in since then
        report(4, 1, 2, 0, 2, 0);
        // offline again for minutes 5..9, 6 in and 5 out
        report(10, 7, 1, 1, 2 + 6 + 1, 0 + 5 + 1);
        harness.processWatermark(T0 + 10 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(1L, 1L), 4, List.of(2L, 0L),
                10, List.of(7L, 6L)));
        assertNothingLeftBehind();
    }

    @Test
    void aTotalSentBeforeTheOneTakenButStampedAfterItIsNoReset() throws Exception {
        report(1, 101, 3, 1, 63, 41);
        report(2, 102, 2, 0, 65, 41);
        report(3, 103, 1, 1, 66, 42);
        // Frame 99, from before frame 103, comes with a clock a few minutes fast: lower totals, but
        // no reboot could have sent 99 frames since minute 3.
        report(4, 99, 0, 0, 58, 40);
        report(5, 104, 1, 0, 67, 42);
        harness.processWatermark(T0 + 5 * MIN - 1);
        assertThat(passedOn()).as("nothing counted again").isEqualTo(
                Map.of(1, List.of(3L, 1L), 2, List.of(2L, 0L), 3, List.of(1L, 1L), 4, List.of(0L, 0L), 5, List.of(1L, 0L)));
        assertNothingLeftBehind();
    }

    @Test
    void aTotalSentBeforeTheOneTakenIsToldByTheDevicesUsualPaceNotByABurstJustBeforeIt() throws Exception {
        long in = 60;
        for (int minute = 1; minute <= 10; minute++) {
            report(minute, minute, 1, 0, in += 1, 40);
        }
        // Twenty reports two seconds apart (a device reporting on every crossing in a rush): the
        // last step of the totals took two seconds a frame, the device's usual pace is a minute.
        for (int k = 1; k <= 20; k++) {
            reportAt(T0 + 10 * MIN + 2_000L * k, 10 + k, 1, 0, in += 1, 40);
        }
        // Frame 8, from minute 8, comes with a clock four minutes fast. At a minute a frame, a
        // reboot since the last total could have sent 4 frames at most (margin included); at the
        // burst's two seconds, 82, and the lower totals would read as a reboot: counted again.
        report(12, 8, 0, 0, 68, 40);
        report(13, 31, 1, 0, in + 1, 40);
        harness.processWatermark(T0 + 13 * MIN - 1);
        Map<Integer, List<Long>> once = new TreeMap<>();
        for (int minute = 1; minute <= 9; minute++) {
            once.put(minute, List.of(1L, 0L));
        }
        once.putAll(Map.of(10, List.of(21L, 0L), 12, List.of(0L, 0L), 13, List.of(1L, 0L)));
        assertThat(passedOn()).as("nothing counted again").isEqualTo(once);
        assertNothingLeftBehind();
    }

    @Test
    void sixteenBitTotalsThatWrapAreReadModulo65536() throws Exception {
        report(1, 1, 2, 1, 65_530, 65_000);
        report(2, 2, 9, 0, 3, 65_000);          // 65530 + 9 wraps to 3
        // offline for minutes 3..5: 20 in, 600 out (the out total wraps in the gap)
        report(6, 6, 1, 2, 3 + 20 + 1, (65_000 + 600 + 2) % 65_536);
        harness.processWatermark(T0 + 6 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(2L, 1L), 2, List.of(9L, 0L), 6, List.of(21L, 602L)));
        assertNothingLeftBehind();
    }

    @Test
    void totalsAndPeriodCountsOfTheSameCrossingsNeverCountTwice() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        report(1, 1, 3, 1, 103, 51);            // the same message again, past the duplicate filter
        report(2, 2, 0, 0, 103, 51);
        report(3, 3, 4, 2, 107, 53);
        harness.processWatermark(T0 + 3 * MIN - 1);
        // A gateway flush, newest first: minute 6, then 5 and 4 after it.
        report(6, 6, 1, 0, 107 + 5 + 1, 53 + 3);
        harness.processWatermark(T0 + 4 * MIN + 30_000);  // minute 4's report is now later than its minute
        report(5, 5, 2, 1, 107 + 5, 53 + 3);
        report(4, 4, 3, 2, 107 + 3, 53 + 2);
        harness.processWatermark(T0 + 6 * MIN - 1);
        // Minute 4 came after its minute was written, within the allowed lateness: it counts in its
        // own minute (downstream writes it again), and its total finds nothing lost. The duplicated
        // report at minute 1 counts once.
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(0L, 0L), 3, List.of(4L, 2L), 4, List.of(3L, 2L),
                5, List.of(2L, 1L), 6, List.of(1L, 0L)));
        assertThat(withdrawals()).as("no total was taken before them").isEmpty();
        long in = passedOn().values().stream().mapToLong(l -> l.get(0)).sum();
        long out = passedOn().values().stream().mapToLong(l -> l.get(1)).sum();
        assertThat(in).as("the first period, then exactly what the totals grew by").isEqualTo(3 + (113 - 103));
        assertThat(out).isEqualTo(1 + (56 - 51));
        assertNothingLeftBehind();
    }

    @Test
    void aPeriodCountOlderThanATotalTakenMovesWhatTheTotalRecoveredToItsOwnMinute() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        report(3, 3, 4, 2, 103 + 5 + 4, 51 + 1 + 2);  // minute 2's report not heard yet
        harness.processWatermark(T0 + 3 * MIN - 1);
        assertThat(passedOn()).as("recovered at the total that shows them")
                .isEqualTo(Map.of(1, List.of(3L, 1L), 3, List.of(9L, 3L)));
        report(2, 2, 5, 1, 108, 52);                  // now it is, after minute 3's total took it in
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(passedOn()).as("moved, not counted twice")
                .isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(5L, 1L), 3, List.of(4L, 2L)));
        assertThat(withdrawals()).containsExactly(List.of(3L, 5L, 1L));
        assertNothingLeftBehind();
    }

    @Test
    void lateCountsTakeBackNoMoreThanTheTotalRecovered() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        // minutes 2 and 3 not heard yet: 5 in and 1 out, then 2 in and 2 out
        report(4, 4, 1, 0, 103 + 5 + 2 + 1, 51 + 1 + 2);
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 4, List.of(8L, 3L)));
        report(3, 3, 2, 2, 103 + 5 + 2, 51 + 1 + 2);
        // a count that says more than the totals grew by (a device that counted wrong): what is
        // left of the recovery is taken back, the rest of the count stays, as for counts on time
        report(2, 2, 9, 1, 103 + 5, 51 + 1);
        harness.processWatermark(T0 + 5 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(9L, 1L), 3, List.of(2L, 2L), 4, List.of(1L, 0L)));
        assertThat(withdrawals()).containsExactly(List.of(4L, 2L, 2L), List.of(4L, 5L, 1L));
        assertNothingLeftBehind();
    }

    @Test
    void aLateCountFromBeforeARebootTakesNothingBackFromTheTotalAfterIt() throws Exception {
        report(1, 1000, 3, 1, 4003, 2001);
        // Minute 2's report (4 in) is held; the device reboots; minute 3's report (2 in since the
        // reboot) is held too; minute 4's totals count from the reboot.
        report(4, 1, 2, 0, 4, 0);
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 4, List.of(4L, 0L)));
        period(2, 1001, 4, 0);
        period(3, 0, 2, 0);
        harness.processWatermark(T0 + 5 * MIN - 1);
        assertThat(passedOn()).as("minute 2 was in no total's growth; minute 3 was in minute 4's")
                .isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(4L, 0L), 3, List.of(2L, 0L), 4, List.of(2L, 0L)));
        assertThat(withdrawals()).containsExactly(List.of(4L, 2L, 0L));
        assertNothingLeftBehind();
    }

    private void period(int minute, long fCnt, long in, long out) throws Exception {
        Instant at = Instant.ofEpochMilli(T0 + minute * MIN);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.period("main-entrance", 1, in, out, 60)), T0 + minute * MIN);
    }

    @Test
    void whatATotalRecoveredIsForgottenOnceTheLatenessHasPassed() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        report(3, 3, 4, 2, 103 + 5 + 4, 51 + 1 + 2);
        harness.processWatermark(T0 + 3 * MIN - 1);
        int stateWithRecovery = harness.numKeyedStateEntries();
        harness.processWatermark(T0 + 3 * MIN + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("the recovery of minute 3 is dropped").isLessThan(stateWithRecovery);
        assertNothingLeftBehind();
    }

    @Test
    void aTotalNoReadingExplainsRecoversNothing() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        report(2, 2, 1, 0, 9_000_000, 51);       // a replaced device, or a corrupt total
        report(3, 3, 1, 1, 9_000_001, 52);
        harness.processWatermark(T0 + 3 * MIN - 1);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(1L, 0L), 3, List.of(1L, 1L)));
        assertNothingLeftBehind();
    }

    @Test
    void aLineWithoutTotalsPassesLateCountsOnForTheMinutesToJudge() throws Exception {
        Instant at = Instant.ofEpochMilli(T0 + MIN);
        harness.processWatermark(T0 + 5 * MIN);
        harness.processElement(Reading.of("door-1", at, at, 9, LineCrossings.period("digidel-door", 1, 2, 1, 60)), T0 + MIN);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(2L, 1L)));
        assertNothingLeftBehind();
    }

    @Test
    void aSilentLineIsForgottenAndItsNextTotalStartsAfresh() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        harness.processWatermark(T0 + MIN + LineRecoveryFunction.FORGET.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        int later = (int) (LineRecoveryFunction.FORGET.toMinutes() + 10);
        report(later, 400, 2, 2, 500, 300);
        harness.processWatermark(T0 + later * MIN);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), later, List.of(2L, 2L)));
        assertNothingLeftBehind();
    }

    @Test
    void aPeriodCountAfterTheLastTotalIsForgottenWithTheLine() throws Exception {
        report(1, 1, 3, 1, 103, 51);
        period(2, 2, 1, 1);                     // its total never comes: the device falls silent
        harness.processWatermark(T0 + 2 * MIN);
        assertThat(passedOn()).isEqualTo(Map.of(1, List.of(3L, 1L), 2, List.of(1L, 1L)));
        harness.processWatermark(T0 + 2 * MIN + LineRecoveryFunction.FORGET.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
