package se.helsingborg.footfall.jobs.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.FootfallJob;
import se.helsingborg.footfall.jobs.GateCountsFunction;
import se.helsingborg.footfall.jobs.GateFlow;
import se.helsingborg.footfall.jobs.GateTopology;
import se.helsingborg.footfall.jobs.SiteEntry;
import se.helsingborg.footfall.jobs.ToGateFlows;
import se.helsingborg.footfall.jobs.ToSiteEntries;
import se.helsingborg.footfall.jobs.visitors.VisitorsFunction;
import se.helsingborg.footfall.storage.results.GateMinute;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * A device that reboots while it is not heard: the crossings between its last report heard and
 * the reboot are in no message, and {@link LineRecoveryFunction} estimates them from the line's
 * profile of past days or, without one, its rate ({@link LostCrossings}); everywhere else it
 * estimates nothing. The estimate is marked as such on its way through the gate counts and the
 * day's visitors.
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
                new KeyedProcessOperator<>(new LineRecoveryFunction(FootfallJob.DEFAULT_ALLOWED_LATENESS, SiteModel.example().timezone())), LineRecoveryFunction::lineKey, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The uplink at T0 + minute: the period's counts and the totals, which grow by them. */
    private void report(int minute, long fCnt, long in, long out) throws Exception {
        reportAt(T0 + minute * MIN, fCnt, in, out, 60);
    }

    /** The uplink at {@code time}, its period {@code periodSeconds} long: the period's counts and the totals. */
    private void reportAt(long time, long fCnt, long in, long out, int periodSeconds) throws Exception {
        totalIn += in;
        totalOut += out;
        Instant at = Instant.ofEpochMilli(time);
        harness.processElement(Reading.of(DEVICE, at, at, fCnt, LineCrossings.period("park-gate-west", 1, in, out, periodSeconds)), time);
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

    /** The estimated part of what was passed on, per minute, where there is one. */
    private Map<Integer, List<Long>> estimatedPart() {
        Map<Integer, List<Long>> byMinute = new TreeMap<>();
        for (Reading r : harness.extractOutputValues()) {
            LineCrossings c = r.lineCrossings();
            if (c.estimatedIn() > 0 || c.estimatedOut() > 0) {
                int minute = (int) ((r.eventTime().toEpochMilli() - T0) / MIN);
                byMinute.merge(minute, List.of(c.estimatedIn(), c.estimatedOut()),
                        (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1)));
            }
        }
        return byMinute;
    }

    /** The row of gate_counts for the minute whose period ends at T0 + {@code endMinute}. */
    private static GateMinute gateRow(int endMinute, int in, int out, int estimatedIn, int estimatedOut) {
        return new GateMinute("park-gate-west", Instant.ofEpochMilli(T0 + (endMinute - 1) * MIN), in, out, estimatedIn, estimatedOut);
    }

    /** What was passed on, through the job's own gate-count stage, written up to {@code until}. */
    private List<GateMinute> gateCounts(long until) throws Exception {
        try (var gates = new KeyedOneInputStreamOperatorTestHarness<String, GateFlow, GateMinute>(
                new KeyedProcessOperator<>(new GateCountsFunction(FootfallJob.DEFAULT_ALLOWED_LATENESS)), GateFlow::gateId,
                Types.STRING)) {
            gates.open();
            ToGateFlows toFlows = new ToGateFlows();
            for (Reading r : harness.extractOutputValues()) {
                List<GateFlow> flows = new ArrayList<>();
                toFlows.flatMap(r, new ListCollector<>(flows));
                for (GateFlow f : flows) {
                    gates.processElement(f, f.periodEnd());
                }
            }
            gates.processWatermark(until);
            List<GateMinute> rows = List.copyOf(gates.extractOutputValues());
            gates.processWatermark(until + Duration.ofDays(1).toMillis());
            assertThat(gates.numKeyedStateEntries()).as("gate-count state left").isZero();
            assertThat(gates.numEventTimeTimers()).as("gate-count timers left").isZero();
            return rows;
        }
    }

    /** What was passed on, through the job's own visitor stage on the example site: the last row of each day. */
    private Map<LocalDate, VisitorsDay> visitors(long until) throws Exception {
        SiteModel site = SiteModel.example();
        try (var days = new KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay>(
                new KeyedProcessOperator<>(new VisitorsFunction(site.timezone(), FootfallJob.DEFAULT_ALLOWED_LATENESS)),
                SiteEntry::siteId, Types.STRING)) {
            days.open();
            ToSiteEntries toEntries = new ToSiteEntries(new GateTopology(site));
            for (Reading r : harness.extractOutputValues()) {
                List<SiteEntry> entries = new ArrayList<>();
                toEntries.flatMap(r, new ListCollector<>(entries));
                for (SiteEntry e : entries) {
                    days.processElement(e, e.periodEnd());
                }
            }
            days.processWatermark(until);
            Map<LocalDate, VisitorsDay> last = new TreeMap<>();
            days.extractOutputValues().forEach(v -> last.put(v.day(), v));
            days.processWatermark(until + Duration.ofDays(2).toMillis());
            assertThat(days.numKeyedStateEntries()).as("visitor state left").isZero();
            assertThat(days.numEventTimeTimers()).as("visitor timers left").isZero();
            return last;
        }
    }

    /**
     * Half an hour heard, 3 in and 1 out a minute; then not heard for minutes 31..50, the device
     * having rebooted at minute 40, its frames counting again from 1 at minute 41, at the same pace;
     * the watermark at minute 50's report.
     */
    private void rebootInAHalfHourSilence() throws Exception {
        steady(1, 30, 101, 3, 1);
        reboot();
        totalIn = 3 * 9;
        totalOut = 9;
        report(50, 10, 3, 1);
        harness.processWatermark(T0 + 50 * MIN - 1);
    }

    /** Once the line has been idle long enough for its profile to be forgotten too (the tests span less than a week). */
    private void assertNothingLeftBehind() throws Exception {
        harness.processWatermark(T0 + LineRecoveryFunction.PROFILE_FORGET.plusDays(7).toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void theSpanBeforeTheRebootIsEstimatedFromTheLinesRateWithAsManyOutAsIn() throws Exception {
        rebootInAHalfHourSilence();
        // Recovered exactly from the new totals: minutes 41..50, 30 in and 10 out. Estimated for
        // minutes 31..40 at the rate of both sides (3 in and 1 out a minute): 40 crossings, 20 each way.
        assertThat(passedOn().get(50)).isEqualTo(List.of(30L + 20, 10L + 20));
        assertThat(passedOn().get(30)).isEqualTo(List.of(3L, 1L));
        assertThat(passedOn()).hasSize(31);
        assertThat(estimatedPart()).as("the estimate, marked as such").containsExactly(Map.entry(50, List.of(20L, 20L)));
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
        assertThat(estimatedPart()).containsExactly(Map.entry(100, List.of(35L, 35L)));
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
        assertThat(estimatedPart()).isEmpty();
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
        assertThat(estimatedPart()).isEmpty();
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
        assertThat(estimatedPart()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void theEstimateIsMarkedAndLandsInTheEstimatedColumnsOfTheGateCountsAndTheDaysVisitors() throws Exception {
        rebootInAHalfHourSilence();
        // Of the 50 in and 30 out of minute 50, the 20 each way for minutes 31..40 are the estimate.
        assertThat(estimatedPart()).containsExactly(Map.entry(50, List.of(20L, 20L)));

        List<GateMinute> rows = gateCounts(T0 + 51 * MIN - 1);
        assertThat(rows).contains(gateRow(50, 50, 30, 20, 20));
        assertThat(rows).as("every other minute was counted").hasSize(31)
                .filteredOn(g -> !g.equals(gateRow(50, 50, 30, 20, 20))).allSatisfy(g -> {
                    assertThat(g.estimatedEntries()).isZero();
                    assertThat(g.estimatedExits()).isZero();
                });

        // park-gate-west leads from the street into the always open park: its entries are visitors.
        VisitorsDay day = visitors(T0 + 51 * MIN - 1).get(LocalDate.of(2026, 11, 24));
        assertThat(day).isEqualTo(new VisitorsDay("stadsparken", LocalDate.of(2026, 11, 24), 30 * 3 + 50, 20));
        assertNothingLeftBehind();
    }

    @Test
    void aLatePeriodCountOfTheNewBootMovesWhatWasCountedAndTheEstimateStays() throws Exception {
        rebootInAHalfHourSilence();
        // Minute 45's period count (frame 5 of the new boot) comes after all, within the lateness.
        Instant at = Instant.ofEpochMilli(T0 + 45 * MIN);
        harness.processElement(Reading.of(DEVICE, at, Instant.ofEpochMilli(T0 + 52 * MIN), 5,
                LineCrossings.period("park-gate-west", 1, 3, 1, 60)), T0 + 45 * MIN);
        assertThat(passedOn().get(45)).isEqualTo(List.of(3L, 1L));
        assertThat(gateCounts(T0 + 51 * MIN - 1)).contains(gateRow(45, 3, 1, 0, 0), gateRow(50, 47, 29, 20, 20));
        assertNothingLeftBehind();
    }

    @Test
    void aRunWithoutAnEstimateHasZerosInTheEstimatedColumns() throws Exception {
        steady(1, 30, 1, 3, 1);
        totalIn += 19 * 3;           // a silence without a reboot: recovered exactly from the totals
        totalOut += 19;
        report(50, 50, 3, 1);
        steady(51, 60, 51, 2, 2);
        harness.processWatermark(T0 + 60 * MIN - 1);
        assertThat(estimatedPart()).isEmpty();
        List<GateMinute> rows = gateCounts(T0 + 61 * MIN - 1);
        assertThat(rows).hasSize(41).allSatisfy(g -> {
            assertThat(g.estimatedEntries()).isZero();
            assertThat(g.estimatedExits()).isZero();
        });
        assertThat(rows.stream().mapToInt(GateMinute::entries).sum()).isEqualTo(49 * 3 + 10 * 2 + 3);
        assertThat(visitors(T0 + 61 * MIN - 1).values()).singleElement()
                .satisfies(v -> assertThat(v.estimatedVisitors()).isZero());
        assertNothingLeftBehind();
    }

    // A line's profile: a morning that rises every quarter hour. T0 is 09:00 local on a Tuesday.
    private static final int DAY = 24 * 60;

    /**
     * A ramp heard from {@code first} (its report the reference) for {@code minutes} minutes: the
     * report at minute m carries {@code level} × (1 + its quarter since {@code first}) in and as
     * many out, so each quarter hour counts {@code level} × 15 more each way than the one before.
     * The watermark follows, as event time passes. Returns the next frame counter.
     */
    private long ramp(int first, int minutes, long fCnt, int level) throws Exception {
        return ramp(first, minutes, fCnt, level, level);
    }

    /** A ramp as above with a level of its own each way: {@code levelIn} in, {@code levelOut} out. */
    private long ramp(int first, int minutes, long fCnt, int levelIn, int levelOut) throws Exception {
        report(first, fCnt++, 0, 0);
        for (int m = 1; m <= minutes; m++) {
            report(first + m, fCnt++, perMinute(m, levelIn), perMinute(m, levelOut));
        }
        harness.processWatermark(T0 + (first + minutes) * MIN - 1);
        return fCnt;
    }

    private static long perMinute(int m, int level) {
        return level * (1 + (m - 1) / 15);
    }

    /**
     * Today's ramp at twice the profile's level, from minute {@code first}: heard for 60 minutes;
     * silent for the next 60, the device having rebooted after 30 of them, its frames counting
     * again from 1 the minute after; the watermark at the report that ends the silence. The device
     * counted 330 each way in the 30 minutes before the reboot (15 × 10 + 15 × 12), which the
     * reboot erased, and 450 each way since the reboot.
     */
    private void rampWithARebootInTheSilence(int first) throws Exception {
        rampWithARebootInTheSilence(first, 2, 2);
    }

    /**
     * The same day with a level of its own each way: it counted 165 × {@code levelIn} in and
     * 165 × {@code levelOut} out in the 30 minutes the reboot erased, 225 × each level since.
     */
    private void rampWithARebootInTheSilence(int first, int levelIn, int levelOut) throws Exception {
        ramp(first, 60, 2_000, levelIn, levelOut);
        reboot();
        long since = 0;
        for (int m = 91; m <= 120; m++) {
            since += perMinute(m, 1);
        }
        assertThat(since).isEqualTo(225);
        totalIn = since * levelIn - perMinute(120, levelIn);
        totalOut = since * levelOut - perMinute(120, levelOut);
        report(first + 120, 30, perMinute(120, levelIn), perMinute(120, levelOut));
        harness.processWatermark(T0 + (first + 120) * MIN - 1);
    }

    @Test
    void aRebootInASilenceOverARampIsEstimatedFromTheProfileOfThePastDaysAtTodaysLevel() throws Exception {
        ramp(-DAY, 180, 100, 1);            // Monday: the same ramp at level 1, three hours of it
        harness.processWatermark(T0 - 1);   // a night unheard: the totals are forgotten, the profile stays
        rampWithARebootInTheSilence(0);
        // The profile holds 30 × (1 + q) crossings both ways in quarter q. Around the gap today counted
        // 600 in quarters 0..3 and 900 since the reboot (quarters 6 and 7) where the profile expects
        // 300 and 450: today is at twice its level. It expects 150 + 180 in the lost quarters 4 and 5,
        // so 660 both ways, 330 each: what was lost. (The rate of the hour around it says 250 each:
        // see the test of the first day below.)
        assertThat(estimatedPart()).containsExactly(Map.entry(120, List.of(330L, 330L)));
        assertThat(passedOn().get(120)).isEqualTo(List.of(450L + 330, 450L + 330));
        assertNothingLeftBehind();
    }

    @Test
    void aSilenceOverAMorningIsEstimatedWithTheProfilesOwnInAndOut() throws Exception {
        ramp(-DAY, 180, 100, 3, 1);         // Monday: a morning, three come in for each one who leaves
        harness.processWatermark(T0 - 1);
        rampWithARebootInTheSilence(0, 6, 2);
        // The profile holds 45 × (1 + q) in and 15 × (1 + q) out in quarter q. Around the gap today
        // counted 1200 both ways where the profile expects 600, and 1800 since the reboot where it
        // expects 900: twice its level. In the lost quarters 4 and 5 it expects 495 in and 165 out,
        // so 990 in and 330 out: what was lost, where as many out as in would be 660 each way and
        // the day's visitors 330 short.
        assertThat(estimatedPart()).containsExactly(Map.entry(120, List.of(990L, 330L)));
        assertThat(passedOn().get(120)).isEqualTo(List.of(1350L + 990, 450L + 330));
        assertNothingLeftBehind();
    }

    @Test
    void aSilenceWhenMoreLeaveThanComeIsEstimatedWithMoreOutThanIn() throws Exception {
        ramp(-DAY, 180, 100, 1, 2);         // Monday: twice as many leave as come
        harness.processWatermark(T0 - 1);
        rampWithARebootInTheSilence(0, 1, 2);
        // Today is at the profile's level; the lost quarters 4 and 5 hold 165 in and 330 out.
        assertThat(estimatedPart()).containsExactly(Map.entry(120, List.of(165L, 330L)));
        assertNothingLeftBehind();
    }

    @Test
    void withoutAProfileTheRatesEstimateHasAsManyOutAsIn() throws Exception {
        rampWithARebootInTheSilence(0, 6, 2);
        // The rate of the hour before (900 in and 300 out in 60 minutes) and since the reboot (1350
        // in and 450 out in 30 minutes), for the 30 minutes lost: 750 in and 250 out, taken as 500
        // each way. An hour does not tell a day's shape from its noise (see LostCrossings).
        assertThat(estimatedPart()).containsExactly(Map.entry(120, List.of(500L, 500L)));
        assertNothingLeftBehind();
    }

    @Test
    void onTheLinesFirstDayTheRebootIsEstimatedFromTheRateAsBefore() throws Exception {
        rampWithARebootInTheSilence(0);
        // No past day: the rate of the hour before (300 each way in 60 minutes) and since the reboot
        // (450 in 30 minutes), for the 30 minutes lost: 250 each way, short of the 330 lost in the ramp.
        assertThat(estimatedPart()).containsExactly(Map.entry(120, List.of(250L, 250L)));
        assertNothingLeftBehind();
    }

    @Test
    void aSaturdayIsNotEstimatedFromTheWeekdaysProfile() throws Exception {
        int friday = 3 * DAY;               // Friday 27 November; the reboot on Saturday
        ramp(friday - DAY, 180, 100, 1);
        ramp(friday, 180, 500, 1);
        harness.processWatermark(T0 + (4 * DAY - 1) * MIN);
        rampWithARebootInTheSilence(4 * DAY);
        // Saturdays have a shape of their own, and this line has seen none: the rate, as on a first day.
        assertThat(estimatedPart()).containsExactly(Map.entry(4 * DAY + 120, List.of(250L, 250L)));
        assertNothingLeftBehind();
    }

    @Test
    void aProfileOutlivesTheLinesTotalsAndIsForgottenWhenTheLineIsGoneForLong() throws Exception {
        ramp(0, 60, 100, 1);
        long lastHeard = T0 + 60 * MIN;
        harness.processWatermark(lastHeard + LineRecoveryFunction.FORGET.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("the day's quarters, kept for the profile").isPositive();
        assertThat(harness.numEventTimeTimers()).as("the profile's forget timer").isOne();

        // Heard again the next day: its totals start afresh (the silence is not recovered), and
        // are forgotten FORGET after it is last heard, not when its profile would be.
        totalIn += 1_000;
        ramp(DAY, 30, 200, 1);
        assertThat(passedOn().get(DAY)).as("the 1000 of the silence not recovered").isEqualTo(List.of(0L, 0L));
        int withTotals = harness.numKeyedStateEntries();
        harness.processWatermark(T0 + (DAY + 30) * MIN + LineRecoveryFunction.FORGET.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("the totals and the rate forgotten").isLessThan(withTotals);
        assertThat(harness.numEventTimeTimers()).isOne();

        harness.processWatermark(T0 + (DAY + 30) * MIN + LineRecoveryFunction.PROFILE_FORGET.toMillis() - 1);
        assertThat(harness.numKeyedStateEntries()).as("the profile until PROFILE_FORGET").isPositive();
        harness.processWatermark(T0 + (DAY + 30) * MIN + LineRecoveryFunction.PROFILE_FORGET.toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void theRebootIsDatedAtTheDevicesUsualPaceNotAtThatOfABurstBeforeTheSilence() throws Exception {
        steady(1, 30, 101, 3, 1);
        // A burst: reports every 10 s for the rest of minute 30, frames 131..136, nobody through.
        for (int i = 1; i <= 6; i++) {
            reportAt(T0 + 30 * MIN + i * 10_000, 130 + i, 0, 0, 10);
        }
        // Silent after minute 31; rebooted at minute 40, its frames counting again from 1 at minute 41.
        reboot();
        totalIn = 3 * 9;
        totalOut = 9;
        report(50, 10, 3, 1);
        harness.processWatermark(T0 + 50 * MIN - 1);
        // The last step of the totals is the burst's, 10 s a frame: at that pace the reboot would
        // be dated 100 s before minute 50 and the estimate would fill 17 minutes of the silence,
        // 43 each way. The steps weigh the time they span, so the burst's minute moves the pace
        // from 60 s to 58.3 s a frame: the reboot is dated 9 min 43 s before minute 50, and the
        // 9 min 17 s before it are estimated at the rate of both sides (117 in and 39 out in 39.7
        // minutes): 18 each way, the 27 in and 9 out the reboot erased.
        assertThat(estimatedPart()).containsExactly(Map.entry(50, List.of(18L, 18L)));
        assertThat(passedOn().get(50)).isEqualTo(List.of(30L + 18, 10L + 18));
        assertNothingLeftBehind();
    }

    // A Footfall JSON counter (DESIGN §7) over the Digidel door: a message with its period counts
    // every five minutes, and its running totals only on the hour, in a message of their own
    // beside that period's. Every message takes a frame (its message id). T0 is on the hour.
    private static final String JSON_DEVICE = "door-1";
    private long jsonFrame;
    private long jsonIn;
    private long jsonOut;

    /**
     * The counter counts {@code in} and {@code out} in the five minutes to T0 + {@code minute} and
     * sends them (a frame whether heard or not), and on the hour its totals (another frame).
     */
    private void json(int minute, long in, long out, boolean heard) throws Exception {
        jsonIn += in;
        jsonOut += out;
        long time = T0 + minute * MIN;
        Instant at = Instant.ofEpochMilli(time);
        jsonFrame++;
        if (heard) {
            harness.processElement(Reading.of(JSON_DEVICE, at, at, jsonFrame, LineCrossings.period("digidel-door", 1, in, out, 300)), time);
        }
        if (minute % 60 == 0) {
            jsonFrame++;
            if (heard) {
                harness.processElement(Reading.of(JSON_DEVICE, at, at, jsonFrame, LineCrossings.cumulative("digidel-door", 1, jsonIn, jsonOut)), time);
            }
        }
    }

    /** Every five minutes from {@code first} to {@code last}, {@code in} and {@code out} each time, heard or not. */
    private void json(int first, int last, long in, long out, boolean heard) throws Exception {
        for (int m = first; m <= last; m += 5) {
            json(m, in, out, heard);
        }
    }

    /** A reboot of the JSON counter: its totals and its message ids from zero. */
    private void jsonReboot() {
        jsonFrame = 0;
        jsonIn = 0;
        jsonOut = 0;
    }

    /**
     * Two hours heard, 3 in and 1 out every five minutes, its totals on the hours 0, 60 and 120;
     * heard after them at minutes 125..135 (but at the minutes {@code lost}), then not at 140..150,
     * after which it rebooted. Its period counts after the reboot are heard from minute
     * {@code heardAgain} on, and its totals at 180; the watermark follows.
     */
    private void jsonCounterRebootedAfterMinute150(int heardAgain, int... lost) throws Exception {
        json(0, 0, 0, true);
        json(5, 120, 3, 1, true);
        for (int m = 125; m <= 135; m += 5) {
            int minute = m;
            json(minute, 3, 1, Arrays.stream(lost).noneMatch(l -> l == minute));
        }
        json(140, 150, 3, 1, false);
        jsonReboot();
        json(155, heardAgain - 5, 3, 1, false);
        json(heardAgain, 180, 3, 1, true);
        harness.processWatermark(T0 + 180 * MIN - 1);
    }

    @Test
    void aJsonCounterHeardAfterItsLastTotalIsEstimatedOnlyFromItsLastCountHeardToTheReboot() throws Exception {
        jsonCounterRebootedAfterMinute150(175);
        // The new totals at minute 180 (18 in, 6 out since the reboot) less the new boot's period
        // counts heard (175 and 180: 6 in, 2 out) recover minutes 155..170 exactly: 12 in, 4 out.
        // Its first frame heard (5, at 175) dates the reboot five reports earlier, at minute 150:
        // what the reboot erased unheard is minutes 135..150, not 120..150, whose first 15 minutes
        // were passed on already. At the rate of both sides (36 in and 12 out in the hour before
        // its last total, 18 in and 6 out in the 30 minutes since the reboot): 9 in and 3 out,
        // taken as 6 each way; the 9 in and 3 out lost. (Counted from the last total, with the
        // reboot dated at the 13 frames an hour of the totals' last step and the old boot's period
        // counts taken out of the new totals as well, this was 3 in and 1 out recovered and 11
        // each way estimated.)
        assertThat(estimatedPart()).containsExactly(Map.entry(180, List.of(6L, 6L)));
        assertThat(passedOn().get(180)).isEqualTo(List.of(3L + 12 + 6, 1L + 4 + 6));
        assertThat(passedOn().get(135)).isEqualTo(List.of(3L, 1L));
        assertNothingLeftBehind();
    }

    @Test
    void aJsonCounterRebootedRightAfterAReportHeardIsEstimatedNothingAndItsCountsCountOnce() throws Exception {
        json(0, 0, 0, true);
        json(5, 135, 3, 1, true);
        jsonReboot();
        json(140, 180, 3, 1, true);     // heard throughout: frames 1..9, the totals at 180 frame 10
        harness.processWatermark(T0 + 180 * MIN - 1);
        // The new totals (27 in, 9 out) are the new boot's period counts passed on, not those of
        // the old boot after its last total (125..135) as well; and the reboot, dated five minutes
        // before frame 1 at minute 140, came right after the report at 135: nothing to estimate.
        assertThat(estimatedPart()).isEmpty();
        assertThat(passedOn().get(180)).isEqualTo(List.of(3L, 1L));
        assertThat(passedOn().values().stream().mapToLong(l -> l.get(0)).sum()).isEqualTo(36 * 3);
        assertThat(passedOn().values().stream().mapToLong(l -> l.get(1)).sum()).isEqualTo(36);
        assertNothingLeftBehind();
    }

    @Test
    void aJsonCounterWithTotalsOnTheHourLearnsItsDayFromItsPeriodCounts() throws Exception {
        // Monday, the same hours: 3 in and 1 out every five minutes, the totals on the hour. Each
        // step of the totals is an hour, one sum without a shape; the period counts in it have
        // their five minutes each, and teach the profile.
        json(-DAY, -DAY, 0, 0, true);
        json(-DAY + 5, -DAY + 180, 3, 1, true);
        harness.processWatermark(T0 - 1);   // a night unheard: the totals are forgotten, the profile stays
        jsonCounterRebootedAfterMinute150(175);
        // The lost minutes 135..150 at the profile's 9 in and 3 out, today being at its level:
        // what was lost, where the rate alone took it as 6 each way (see the test above).
        assertThat(estimatedPart()).containsExactly(Map.entry(180, List.of(9L, 3L)));
        assertThat(passedOn().get(180)).isEqualTo(List.of(3L + 12 + 9, 1L + 4 + 3));
        assertNothingLeftBehind();
    }

    @Test
    void aPeriodCountLostBetweenTheLastTotalAndTheSilenceIsEstimatedWithIt() throws Exception {
        jsonCounterRebootedAfterMinute150(175, 130);
        // Minute 130's message was lost too, before the silence: its five minutes are estimated
        // with the fifteen before the reboot, 20 minutes at the rate of both sides: 12 in and 4
        // out, taken as 8 each way; the 12 in and 4 out lost.
        assertThat(passedOn()).doesNotContainKey(130);
        assertThat(estimatedPart()).containsExactly(Map.entry(180, List.of(8L, 8L)));
        assertThat(passedOn().get(180)).isEqualTo(List.of(3L + 12 + 8, 1L + 4 + 8));
        assertNothingLeftBehind();
    }
}
