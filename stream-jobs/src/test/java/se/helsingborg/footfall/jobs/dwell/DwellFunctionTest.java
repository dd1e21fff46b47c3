package se.helsingborg.footfall.jobs.dwell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;

class DwellFunctionTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final long MIN = 60_000;
    /** Monday 2026-11-23: the library is open 08:00–20:00, its day runs 03:00 to Tuesday 03:00. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);

    private KeyedOneInputStreamOperatorTestHarness<String, ZoneFlow, DwellDay> harness;

    @BeforeEach
    void open() throws Exception {
        open(DwellFunction.asCounted(SITE)); // the rules for drift on their own; balancing has a test of its own
    }

    private void open(DwellFunction function) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), ZoneFlow::zoneId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static long at(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, LocalTime.of(hour, minute)).atZone(SITE.timezone()).toInstant().toEpochMilli();
    }

    /** The counts of the minute starting at hh:mm on Monday (a period that ends a minute later). */
    private void flow(String zone, int hour, int minute, long in, long out) throws Exception {
        flow(zone, MONDAY, hour, minute, in, out);
    }

    private void flow(String zone, LocalDate day, int hour, int minute, long in, long out) throws Exception {
        long end = at(day, hour, minute) + MIN;
        harness.processElement(new ZoneFlow(zone, end, in, out), end);
    }

    private void closeMonday() throws Exception {
        harness.processWatermark(at(MONDAY.plusDays(1), 3, 0));
    }

    /** The daily rows as the table holds them: the last row of each key (provisional rows come first). */
    private List<DwellDay> dailyRows() {
        var last = new java.util.LinkedHashMap<List<Object>, DwellDay>();
        harness.extractOutputValues().forEach(d -> last.put(List.of(d.zoneId(), d.day(), d.method()), d));
        return List.copyOf(last.values());
    }

    private DwellDay daily(String method) {
        return dailyRows().stream().filter(d -> d.method().equals(method)).reduce((a, b) -> b).orElseThrow();
    }

    /** The hourly rows as the table holds them, by hour. */
    private List<DwellHour> hourly() {
        var last = new java.util.TreeMap<String, DwellHour>();
        harness.getSideOutput(DwellFunction.HOURLY).stream().map(StreamRecord::getValue)
                .forEach(h -> last.put(h.zoneId() + " " + h.day() + " " + (100 + h.entryHour()) + " " + h.method(), h));
        return List.copyOf(last.values());
    }

    private void assertNothingLeftBehind() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers").isZero();
    }

    /** A busy library day: 3 in a minute from 08:00 to 19:00, each staying 40 minutes. */
    private void busyDay(LocalDate day) throws Exception {
        for (int m = 8 * 60; m < 19 * 60 + 40; m++) {
            flow("lib", day, m / 60, m % 60, m < 19 * 60 ? 3 : 0, m >= 8 * 60 + 40 ? 3 : 0);
        }
    }

    @Test
    void aBusyDaysCurvesAreKeptForTheWeekAfterItAndThenForgotten() throws Exception {
        busyDay(MONDAY);
        closeMonday();
        assertThat(daily(DwellDay.DECONVOLUTION).visits()).isEqualTo(1980);
        assertThat(daily(DwellDay.DECONVOLUTION).medianSeconds()).isCloseTo(2400, within(120.0));
        assertThat(harness.numKeyedStateEntries()).as("Monday's curves, for the days after it").isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("the timer that forgets them").isEqualTo(1);

        LocalDate tuesday = MONDAY.plusDays(1);
        busyDay(tuesday);
        long tuesdayEnd = new DwellDays(SITE.timezone()).endOf(SITE.zone("lib"), tuesday); // the reset after closing
        harness.processWatermark(tuesdayEnd);
        DwellDay pooled = harness.extractOutputValues().stream()
                .filter(d -> d.day().equals(tuesday) && d.method().equals(DwellDay.DECONVOLUTION)).findFirst().orElseThrow();
        assertThat(pooled.medianSeconds()).as("Tuesday, found with Monday").isCloseTo(2400, within(120.0));
        assertThat(harness.numEventTimeTimers()).as("only the newest day's timer").isEqualTo(1);

        harness.processWatermark(tuesdayEnd + DwellFunction.POOL_SPAN - 1);
        assertThat(harness.numKeyedStateEntries()).as("kept until a week has passed").isEqualTo(1);
        harness.processWatermark(tuesdayEnd + DwellFunction.POOL_SPAN);
        assertNothingLeftBehind();
    }

    @Test
    void aHandBuiltDayGivesTheExactLittlesLawMeanAndFifoMedianAndP90() throws Exception {
        // Crossings of a minute are spread evenly over it: 2 in at 10:00 are at 10:00:15 and 10:00:45.
        flow("lib", 10, 0, 2, 0);
        flow("lib", 10, 30, 0, 2);     // stays of 1800 s and 1800 s
        flow("lib", 11, 0, 1, 0);
        flow("lib", 12, 0, 0, 1);      // 3600 s
        flow("lib", 14, 0, 1, 0);
        flow("lib", 14, 10, 0, 1);     // 600 s
        flow("lib", 15, 0, 1, 0);
        flow("lib", 17, 0, 0, 1);      // 7200 s
        closeMonday();

        DwellDay littles = daily(DwellDay.LITTLES_LAW);
        assertThat(littles.zoneId()).isEqualTo("lib");
        assertThat(littles.day()).isEqualTo(MONDAY);
        assertThat(littles.visits()).isEqualTo(5);
        assertThat(littles.meanSeconds()).isCloseTo(15_000 / 5.0, within(1e-6));
        assertThat(littles.medianSeconds()).as("Little's law gives a mean only").isNull();
        assertThat(littles.p90Seconds()).isNull();
        DwellDay fifo = daily(DwellDay.FIFO);
        // Stays sorted: 600, 1800, 1800, 3600, 7200. Nearest rank: median the 3rd, p90 the 5th.
        assertThat(fifo.visits()).isEqualTo(5);
        assertThat(fifo.meanSeconds()).isCloseTo(3000, within(1e-6));
        assertThat(fifo.medianSeconds()).isCloseTo(1800, within(1e-6));
        assertThat(fifo.p90Seconds()).isCloseTo(7200, within(1e-6));
        assertThat(daily(DwellDay.DECONVOLUTION)).as("five stays are too few to tell apart")
                .isEqualTo(new DwellDay("lib", MONDAY, DwellDay.DECONVOLUTION, 0, null, null, null));
        assertThat(dailyRows()).hasSize(3);
        assertNothingLeftBehind();
    }

    @Test
    void theDaySoFarIsWrittenProvisionallyAtTheEndOfEveryHourWithFlowsAndTheCloseOverwritesIt() throws Exception {
        flow("lib", 10, 0, 2, 0);      // 10:00:15, 10:00:45
        flow("lib", 10, 30, 0, 1);     // 10:30:30: a stay of 1815 s; one still inside at 11:00
        harness.processWatermark(at(MONDAY, 11, 0) - 1);
        assertThat(dailyRows()).containsExactlyInAnyOrder(
                // Little's law counts the one inside until 11:00: 1815 s and 3555 s.
                new DwellDay("lib", MONDAY, DwellDay.LITTLES_LAW, 2, (1815 + 3555) / 2.0, null, null),
                new DwellDay("lib", MONDAY, DwellDay.FIFO, 1, 1815.0, 1815.0, 1815.0));
        assertThat(harness.numKeyedStateEntries()).as("the map of the day's minutes is kept").isEqualTo(1);

        flow("lib", 12, 0, 0, 1);      // 12:00:30: 7185 s
        closeMonday();
        assertThat(dailyRows()).containsExactlyInAnyOrder(
                new DwellDay("lib", MONDAY, DwellDay.LITTLES_LAW, 2, (1815 + 7185) / 2.0, null, null),
                new DwellDay("lib", MONDAY, DwellDay.FIFO, 2, (1815 + 7185) / 2.0, 1815.0, 7185.0),
                new DwellDay("lib", MONDAY, DwellDay.DECONVOLUTION, 0, null, null, null));
        assertThat(harness.extractOutputValues()).as("provisional at 11:00 and 13:00, then final with deconvolution's")
                .hasSize(7);
        assertNothingLeftBehind();
    }

    @Test
    void aCountOfALongPeriodIsSpreadOverItsMinutesNotPutInItsLast() throws Exception {
        // Six come in at 10:00 (10:00:05, :15, … :55); the counter is offline until 11:00, and the
        // six exits are recovered from its totals as one count of the hour 10:00–11:00.
        flow("lib", 10, 0, 6, 0);
        long end = at(MONDAY, 11, 0);
        harness.processElement(new ZoneFlow("lib", end, 0, 6, 60 * MIN), end);
        closeMonday();

        // One exit per ten minutes of the hour: the running total 6 × (i + 1) / 60, rounded, first
        // reaches k at minute i = 10k − 6 (10:04, 10:14 … 10:54), each exit at that minute's middle.
        double[] stays = new double[6];
        for (int k = 0; k < 6; k++) {
            stays[k] = ((10 * k + 4.5) - (k + 0.5) / 6) * 60;
        }
        double mean = java.util.Arrays.stream(stays).average().orElseThrow();
        assertThat(mean).as("in the last minute it would be 59 minutes").isCloseTo(29 * 60, within(1e-6));
        DwellDay littles = daily(DwellDay.LITTLES_LAW);
        assertThat(littles.visits()).isEqualTo(6);
        assertThat(littles.meanSeconds()).isCloseTo(mean, within(1e-6));
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.meanSeconds()).isCloseTo(mean, within(1e-6));
        assertThat(fifo.medianSeconds()).as("the 3rd of 6").isCloseTo(stays[2], within(1e-6));
        assertThat(fifo.p90Seconds()).as("the 6th of 6").isCloseTo(stays[5], within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void aWithdrawalMovesRecoveredExitsToALateCountsOwnMinuteWithoutCountingThemTwice() throws Exception {
        // Sixty come in at 10:00 and the sixty exits of the hour are recovered from the totals at
        // 11:00; then the counter's late period count of 10:30 (twenty exits) comes, and line
        // recovery takes twenty of the recovered back, spread over the same hour.
        flow("lib", 10, 0, 60, 0);
        long end = at(MONDAY, 11, 0);
        harness.processElement(new ZoneFlow("lib", end, 0, 60, 60 * MIN), end);
        flow("lib", 10, 30, 0, 20);
        harness.processElement(new ZoneFlow("lib", end, 0, -20, 60 * MIN), end);
        closeMonday();
        DwellDay moved = daily(DwellDay.FIFO);
        assertThat(daily(DwellDay.LITTLES_LAW).visits()).isEqualTo(60);
        assertNothingLeftBehind();

        // As if the counts had come in their places at once: forty recovered, twenty at 10:30.
        harness.close();
        open();
        flow("lib", 10, 0, 60, 0);
        harness.processElement(new ZoneFlow("lib", end, 0, 40, 60 * MIN), end);
        flow("lib", 10, 30, 0, 20);
        closeMonday();
        DwellDay placed = daily(DwellDay.FIFO);
        assertThat(moved.visits()).isEqualTo(placed.visits()).isEqualTo(60);
        // the withdrawal comes out of the sum it was in before the hour is spread: no rounding apart
        assertThat(moved).isEqualTo(placed);
        assertNothingLeftBehind();
    }

    @Test
    void aLongPeriodThatBeganInTheDayBeforeIsPutInTheDaysOwnMinutes() throws Exception {
        // The park's day starts at 04:00. A count of 02:00–05:00 recovered at 05:00: the two hours
        // before 04:00 belong to a day already written, so its crossings go to 04:00–05:00.
        long end = at(MONDAY, 5, 0);
        harness.processElement(new ZoneFlow("park-north", end, 3, 0, 180 * MIN), end);
        flow("park-north", 6, 0, 0, 3);
        harness.processWatermark(at(MONDAY.plusDays(1), 4, 0));

        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.day()).isEqualTo(MONDAY);
        assertThat(fifo.visits()).isEqualTo(3);
        // Spread over 04:00–05:00, one entry in each of 04:09, 04:29 and 04:49 (at their middles),
        // not all three in 04:59: from their mean, 04:29:30, to the exits' mean, 06:00:30, is 91
        // minutes (in the last minute it would be about 61).
        assertThat(fifo.meanSeconds()).isCloseTo(91 * 60, within(1e-6));
        assertThat(daily(DwellDay.LITTLES_LAW).meanSeconds()).isCloseTo(91 * 60, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void staysAreAlsoGivenPerLocalHourOfEntry() throws Exception {
        flow("lib", 10, 0, 2, 0);
        flow("lib", 10, 30, 0, 2);
        flow("lib", 10, 59, 1, 0);     // 10:59:30, still the 10 o'clock hour
        flow("lib", 11, 0, 1, 0);
        flow("lib", 11, 59, 0, 1);     // matched with 10:59:30: 3600 s
        flow("lib", 12, 30, 0, 1);     // matched with 11:00:30: 5400 s
        closeMonday();
        assertThat(hourly()).containsExactly(
                new DwellHour("lib", MONDAY, 10, DwellDay.FIFO, 3, 7200 / 3.0, 1800.0, 3600.0),
                new DwellHour("lib", MONDAY, 11, DwellDay.FIFO, 1, 5400.0, 5400.0, 5400.0));
        assertNothingLeftBehind();
    }

    @Test
    void aDayThatEndsWithPeopleStillInsideIsBalancedBeforeItsFinalFigures() throws Exception {
        harness.close();
        open(new DwellFunction(SITE)); // as the job runs it
        flow("lib", 9, 0, 4, 0);       // four in, at 09:00:07.5, :22.5, :37.5, :52.5
        flow("lib", 10, 0, 0, 2);      // two seen leaving: the counter missed every second exit
        harness.processWatermark(at(MONDAY, 11, 0) - 1);
        assertThat(daily(DwellDay.FIFO).visits()).as("provisional: the others may still be inside").isEqualTo(2);
        closeMonday();
        // Balanced, the two exits stand for four, spread over their minute as counted ones are:
        // every stay is exactly an hour, instead of two hours and two until closing time.
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.visits()).isEqualTo(4);
        assertThat(fifo.medianSeconds()).isCloseTo(3600, within(1e-6));
        assertThat(fifo.p90Seconds()).isCloseTo(3600, within(1e-6));
        assertThat(daily(DwellDay.LITTLES_LAW).meanSeconds()).isCloseTo(3600, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void missingExitsAreAddedOnlyAfterTheCountLastStoodAtZero() throws Exception {
        harness.close();
        open(new DwellFunction(SITE));
        flow("lib", 9, 0, 2, 0);       // a morning that ends empty: both stays of an hour
        flow("lib", 10, 0, 0, 2);
        flow("lib", 12, 0, 4, 0);      // four in at 12:00, two seen leaving at 13:00
        flow("lib", 13, 0, 0, 2);
        closeMonday();
        // Whoever the counter missed left after 12:00, when the count stood at zero: the two
        // missing exits join the afternoon's, not the morning's (stretched over the whole day, one
        // of them would have left at 10:00, before entering). Every stay is an hour.
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.visits()).isEqualTo(6);
        assertThat(fifo.medianSeconds()).isCloseTo(3600, within(1e-6));
        assertThat(fifo.p90Seconds()).isCloseTo(3600, within(1e-6));
        assertThat(daily(DwellDay.LITTLES_LAW).meanSeconds()).isCloseTo(3600, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void exitsClampedAtTheStartAreNotAddedAgainAtTheEnd() throws Exception {
        harness.close();
        open(new DwellFunction(SITE));
        flow("lib", 9, 0, 0, 1);       // someone inside since before the day: clamped
        flow("lib", 10, 0, 2, 0);
        flow("lib", 11, 0, 0, 1);      // one of the two seen leaving
        closeMonday();
        // The count ends with one inside, but the day's counts lack no exit (two in, two out): the
        // clamped exit was no drift of this day's, so nothing is added and one stay stays open.
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.visits()).isEqualTo(1);
        assertThat(fifo.medianSeconds()).isCloseTo(3615, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void exitsBeyondThePeopleInsideAreClampedAndMatchNobody() throws Exception {
        flow("lib", 9, 0, 0, 2);       // two exits before anyone came in: the counter drifted
        flow("lib", 10, 0, 1, 0);
        flow("lib", 10, 30, 0, 3);     // one of them is the person who came in
        closeMonday();
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.visits()).isEqualTo(1);
        assertThat(fifo.medianSeconds()).isCloseTo(1800, within(1e-6));
        DwellDay littles = daily(DwellDay.LITTLES_LAW);
        assertThat(littles.visits()).isEqualTo(1);
        assertThat(littles.meanSeconds()).as("clamped exits take nobody's time").isCloseTo(1800, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void peopleLeftInsideGetNoFifoStayAndCountForLittlesLawOnlyUntilClosingTime() throws Exception {
        flow("lib", 19, 0, 3, 0);      // 19:00:10, 19:00:30, 19:00:50
        flow("lib", 19, 30, 0, 1);     // 19:30:30, the first: 1820 s; two never seen leaving
        closeMonday();
        DwellDay fifo = daily(DwellDay.FIFO);
        assertThat(fifo.visits()).as("only the matched stay").isEqualTo(1);
        assertThat(fifo.meanSeconds()).isCloseTo(1820, within(1e-6));
        assertThat(fifo.p90Seconds()).isCloseTo(1820, within(1e-6));
        DwellDay littles = daily(DwellDay.LITTLES_LAW);
        assertThat(littles.visits()).isEqualTo(3);
        // 1820 s, and the two left inside until the library closed at 20:00: 3570 s and 3550 s.
        assertThat(littles.meanSeconds()).isCloseTo((1820 + 3570 + 3550) / 3.0, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void aRoomWithoutHoursOfItsOwnClosesWithTheZoneItIsIn() throws Exception {
        flow("lib-digidel", 19, 0, 2, 0);   // 19:00:15 and 19:00:45
        flow("lib-digidel", 19, 10, 0, 1);  // 19:10:30, the first: 615 s; the other never seen leaving
        closeMonday();
        // Digidel has no opening hours, the library closes at 20:00: 615 s and 3555 s, not until 03:00.
        assertThat(daily(DwellDay.LITTLES_LAW).meanSeconds()).isCloseTo((615 + 3555) / 2.0, within(1e-6));
        assertThat(daily(DwellDay.FIFO).visits()).isEqualTo(1);
        assertNothingLeftBehind();
    }

    @Test
    void aDayEndsAtTheZonesResetAndTheNextStartsAfresh() throws Exception {
        // The park is always open; its day runs from 04:00. A walk at 02:00 Tuesday is Monday's.
        flow("park-north", MONDAY.plusDays(1), 2, 0, 1, 0);
        flow("park-north", MONDAY.plusDays(1), 2, 20, 0, 1);
        flow("park-north", MONDAY.plusDays(1), 3, 50, 1, 0);  // still inside at 04:00
        flow("park-north", MONDAY.plusDays(1), 4, 10, 0, 1);  // Tuesday's: an exit matching no one
        flow("park-north", MONDAY.plusDays(1), 5, 0, 1, 0);
        flow("park-north", MONDAY.plusDays(1), 5, 15, 0, 1);
        harness.processWatermark(at(MONDAY.plusDays(1), 4, 0) - 1);
        DwellDay monday = daily(DwellDay.FIFO);
        assertThat(monday.day()).isEqualTo(MONDAY);
        assertThat(monday.visits()).isEqualTo(1);
        assertThat(monday.medianSeconds()).isCloseTo(1200, within(1e-6));
        // Little's law: 1200 s, and 09:30 of the one inside until the day ended at 04:00.
        assertThat(daily(DwellDay.LITTLES_LAW).meanSeconds()).isCloseTo((1200 + 570) / 2.0, within(1e-6));
        assertThat(harness.numEventTimeTimers()).as("Tuesday's day, and its 05:00 and 06:00 provisional rows").isEqualTo(3);

        harness.processWatermark(at(MONDAY.plusDays(2), 4, 0) - 1);
        List<DwellDay> tuesday = dailyRows().stream().filter(d -> d.day().equals(MONDAY.plusDays(1))).toList();
        assertThat(tuesday).containsExactlyInAnyOrder(
                new DwellDay("park-north", MONDAY.plusDays(1), DwellDay.LITTLES_LAW, 1, 900.0, null, null),
                new DwellDay("park-north", MONDAY.plusDays(1), DwellDay.FIFO, 1, 900.0, 900.0, 900.0),
                new DwellDay("park-north", MONDAY.plusDays(1), DwellDay.DECONVOLUTION, 0, null, null, null));
        assertNothingLeftBehind();
    }

    @Test
    void aFlowArrivingLateButBeforeItsDayEndsStillCounts() throws Exception {
        flow("lib", 10, 0, 1, 0);
        harness.processWatermark(at(MONDAY, 18, 0)); // hours later, the door's 10:30 exit arrives
        flow("lib", 10, 30, 0, 1);
        closeMonday();
        assertThat(daily(DwellDay.FIFO).medianSeconds()).isCloseTo(1800, within(1e-6));
        assertNothingLeftBehind();
    }

    @Test
    void aDayThatHoldsTheClocksGoingBackHas25HoursAndLocalHoursOfEntry() throws Exception {
        // The park's Saturday 2026-10-24 runs to Sunday 04:00 CET: 02:00–03:00 comes twice in it.
        LocalDate saturday = LocalDate.of(2026, 10, 24);
        flow("park-north", saturday, 12, 0, 1, 0);
        flow("park-north", saturday, 12, 30, 0, 1);
        flow("park-north", saturday.plusDays(1), 2, 10, 1, 0);   // the first 02:10, summer time
        long secondTwoForty = at(saturday.plusDays(1), 2, 40) + 3_600_000; // 02:40 again, winter time
        harness.processElement(new ZoneFlow("park-north", secondTwoForty + MIN, 0, 1), secondTwoForty + MIN);
        harness.processWatermark(at(saturday.plusDays(1), 4, 0) - 1);
        assertThat(hourly()).containsExactly(
                new DwellHour("park-north", saturday, 2, DwellDay.FIFO, 1, 5400.0, 5400.0, 5400.0),
                new DwellHour("park-north", saturday, 12, DwellDay.FIFO, 1, 1800.0, 1800.0, 1800.0));
        assertNothingLeftBehind();
    }

    @Test
    void zonesAreApartAndFlowsOfAClosedDayAreLeftOut() throws Exception {
        flow("lib", 10, 0, 1, 0);
        flow("lib", 10, 40, 0, 1);
        flow("lib-digidel", 10, 5, 1, 0);
        flow("lib-digidel", 10, 25, 0, 1);
        closeMonday();
        assertThat(dailyRows()).extracting(DwellDay::zoneId, DwellDay::method, DwellDay::medianSeconds)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("lib", DwellDay.LITTLES_LAW, null),
                        org.assertj.core.groups.Tuple.tuple("lib", DwellDay.FIFO, 2400.0),
                        org.assertj.core.groups.Tuple.tuple("lib", DwellDay.DECONVOLUTION, null),
                        org.assertj.core.groups.Tuple.tuple("lib-digidel", DwellDay.LITTLES_LAW, null),
                        org.assertj.core.groups.Tuple.tuple("lib-digidel", DwellDay.FIFO, 1200.0),
                        org.assertj.core.groups.Tuple.tuple("lib-digidel", DwellDay.DECONVOLUTION, null));

        int written = harness.extractOutputValues().size();
        flow("lib", 11, 0, 50, 0);     // Monday is written: too late to change it
        harness.processWatermark(at(MONDAY.plusDays(2), 3, 0));
        assertThat(harness.extractOutputValues()).hasSize(written);
        assertNothingLeftBehind();
    }
}
