package se.helsingborg.footfall.jobs.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
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
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/** Drift corrections, area counters and manual recounts in the occupancy operator (DESIGN §5). */
class OccupancyCorrectionsTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final long MIN = 60_000;
    /** Monday 2026-11-23 10:00 local. */
    private static final long T0 = local(2026, 11, 23, 10, 0);
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    /** Past the end of Tuesday, when every day's corrections of these tests are done with. */
    private static final long LATER = local(2026, 11, 25, 0, 30);

    private KeyedOneInputStreamOperatorTestHarness<String, ZoneEvent, OccupancyMinute> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OccupancyFunction(SITE, se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS)), ZoneEvent::zoneId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static long local(int y, int mo, int d, int h, int mi) {
        return LocalDateTime.of(y, mo, d, h, mi).atZone(SITE.timezone()).toInstant().toEpochMilli();
    }

    /** A period count of the zone's gates that ended at T0 + endMinute. */
    private void flow(String zone, int endMinute, long in, long out) throws Exception {
        long end = T0 + endMinute * MIN;
        harness.processElement(ZoneEvent.of(new ZoneFlow(zone, end, in, out)), end);
    }

    /** An area count at T0 + seconds, from a counter stale after three minutes. */
    private void area(String zone, int seconds, int count) throws Exception {
        long t = T0 + seconds * 1000L;
        harness.processElement(ZoneEvent.of(new ZoneCount(zone, t, count, false, 3 * MIN)), t);
    }

    /** A manual recount at T0 + seconds. */
    private void recount(String zone, int seconds, int count) throws Exception {
        long t = T0 + seconds * 1000L;
        harness.processElement(ZoneEvent.of(new ZoneCount(zone, t, count, true, 0)), t);
    }

    private void watermarkAtEndOfMinute(int minute) throws Exception {
        harness.processWatermark(T0 + (minute + 1) * MIN - 1);
    }

    private static OccupancyMinute row(String zone, int minute, int occupancy, int max, int in, int out) {
        return new OccupancyMinute(zone, Instant.ofEpochMilli(T0 + minute * MIN), occupancy, max, in, out);
    }

    private List<OccupancyCorrection> corrections() {
        var records = harness.getSideOutput(OccupancyFunction.CORRECTIONS);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** The rows as the minutes closed, what capacity alerts follow. */
    private List<OccupancyMinute> live() {
        var records = harness.getSideOutput(OccupancyFunction.LIVE);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** The rows the table got besides those: written again with the drift taken out. */
    private List<OccupancyMinute> balanced() {
        List<OccupancyMinute> rows = new java.util.ArrayList<>(harness.extractOutputValues());
        live().forEach(rows::remove);
        return rows;
    }

    private void open(SiteModel site) throws Exception {
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OccupancyFunction(site, se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS)), ZoneEvent::zoneId, Types.STRING);
        harness.open();
    }

    private void assertNothingLeftBehind() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    @Test
    void everyClampIsCountedInTheDaysRunningTotal() throws Exception {
        flow("lib", 1, 1, 0);
        flow("lib", 2, 0, 4);          // three more out than were in
        flow("lib", 3, 2, 0);
        flow("lib", 4, 0, 5);          // and again
        watermarkAtEndOfMinute(3);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 1, 1, 1, 0), row("lib", 1, 0, 1, 0, 4),
                row("lib", 2, 2, 2, 2, 0), row("lib", 3, 0, 2, 0, 5));
        assertThat(corrections()).as("totals so far, so a replay writes the same row again")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 1, null, 0, 0),
                        new OccupancyCorrection("lib", MONDAY, 2, null, 0, 0));

        flow("lib", 61, 0, 1);         // the zone emptied in between: the day's total still goes on
        harness.processWatermark(LATER);
        assertThat(corrections()).last().isEqualTo(new OccupancyCorrection("lib", MONDAY, 3, null, 0, 0));
        assertNothingLeftBehind();
    }

    @Test
    void aResetWhileClosedRecordsThePeopleTheCountStillHadInside() throws Exception {
        long evening = local(2026, 11, 23, 19, 59);
        long morning = local(2026, 11, 24, 8, 0);
        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", evening + MIN, 5, 1)), evening + MIN);   // 4 never seen leaving
        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", morning + MIN, 2, 0)), morning + MIN);
        harness.processWatermark(morning + MIN - 1);
        assertThat(corrections()).as("the reset half an hour after Monday's closing belongs to Monday")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 0, 4, 0, 0));
        assertThat(harness.extractOutputValues()).last()
                .isEqualTo(new OccupancyMinute("lib", Instant.ofEpochMilli(morning), 2, 2, 2, 0));

        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", morning + 2 * MIN, 0, 2)), morning + 2 * MIN);
        harness.processWatermark(LATER);
        assertThat(corrections()).hasSize(1);
        assertNothingLeftBehind();
    }

    @Test
    void aResetAfterClosingEmptiesTheZoneAndItsRoomsHalfAnHourAfterEachDaysClosing() throws Exception {
        SiteModel site = SiteModel.parse("""
                timezone: Europe/Stockholm
                sites: [{id: s}]
                zones:
                  - {id: hall, site: s, hours: {mon-fri: "08:00-20:00", sat: "10:00-16:00"}, reset: "closing+30m"}
                  - {id: room, site: s, parent: hall}
                """);
        harness.close();
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new OccupancyFunction(site, se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS)), ZoneEvent::zoneId, Types.STRING);
        harness.open();
        long monday = local(2026, 11, 23, 19, 59);
        long saturday = local(2026, 11, 28, 15, 59);
        for (long closing : List.of(monday, saturday)) {
            for (String zone : List.of("hall", "room")) {
                harness.processElement(ZoneEvent.of(new ZoneFlow(zone, closing + MIN, 5, 2)), closing + MIN); // 3 never seen leaving
                for (int m = 2; m <= 60; m++) { // the counters report every minute, mostly nobody
                    harness.processElement(ZoneEvent.of(new ZoneFlow(zone, closing + m * MIN, 0, 0)), closing + m * MIN);
                }
            }
            harness.processWatermark(closing + 61 * MIN);
        }
        harness.processWatermark(LATER + 7 * 24 * 60 * MIN);

        LocalDate saturdayDate = LocalDate.of(2026, 11, 28);
        assertThat(corrections()).containsExactlyInAnyOrder(
                new OccupancyCorrection("hall", MONDAY, 0, 3, 0, 0), new OccupancyCorrection("room", MONDAY, 0, 3, 0, 0),
                new OccupancyCorrection("hall", saturdayDate, 0, 3, 0, 0), new OccupancyCorrection("room", saturdayDate, 0, 3, 0, 0));
        for (long closing : List.of(monday, saturday)) {
            List<OccupancyMinute> hall = live().stream()
                    .filter(m -> m.zoneId().equals("hall") && !m.minute().isBefore(Instant.ofEpochMilli(closing))
                            && m.minute().isBefore(Instant.ofEpochMilli(closing + 61 * MIN)))
                    .toList();
            assertThat(hall).as("three inside from closing to half past, then none").hasSize(32)
                    .allSatisfy(m -> assertThat(m.occupancy()).isEqualTo(m.minute().toEpochMilli() < closing + 31 * MIN ? 3 : 0))
                    .last().isEqualTo(new OccupancyMinute("hall", Instant.ofEpochMilli(closing + 31 * MIN), 0, 0, 0, 0));
        }
        assertNothingLeftBehind();
    }

    @Test
    void aZoneLeftWithPeopleInsideIsResetWhenTheWatermarkPassesItsResetWithNoFurtherReading() throws Exception {
        long evening = local(2026, 11, 23, 19, 59);
        long reset = local(2026, 11, 23, 20, 30);
        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", evening + MIN, 5, 1)), evening + MIN);  // 4 never seen leaving
        harness.processWatermark(reset - 1);
        assertThat(corrections()).as("not yet: the reset minute has not passed").isEmpty();
        harness.processWatermark(reset + MIN - 1);
        assertThat(corrections()).as("Monday's residual, written the same evening, not with Tuesday's first reading")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 0, 4, 0, 0));
        List<OccupancyMinute> rows = harness.extractOutputValues();
        assertThat(rows).hasSize(32).last().isEqualTo(new OccupancyMinute("lib", Instant.ofEpochMilli(reset), 0, 0, 0, 0));
        assertThat(rows.subList(1, 31)).as("the half hour after closing, four counted inside")
                .allSatisfy(m -> assertThat(m.occupancy()).isEqualTo(4));

        // Past the lateness the reset is final, and so is the drift it found: the four people the
        // counter missed leaving are taken out with its one exit seen, and the half hour after
        // closing, a quiet one with nobody inside, has no rows any more.
        harness.processWatermark(reset + MIN + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
        List<OccupancyMinute> again = balanced();
        assertThat(again).hasSize(31).first().isEqualTo(new OccupancyMinute("lib", Instant.ofEpochMilli(evening), 0, 4, 5, 1));
        assertThat(again.subList(1, 31)).allSatisfy(m -> assertThat(m.retracted()).isTrue());
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void theEndOfAReplaysInputIsNoReset() throws Exception {
        flow("lib", 1, 5, 1);              // a recording that stops at 10:01, four inside
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(corrections()).as("the day went on; whoever was inside may well have been").isEmpty();
        assertThat(balanced()).isEmpty();
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 4, 4, 5, 1));
    }

    @Test
    void theDriftAResetFindsIsTakenOutOfTheMinutesSinceTheRoomWasLastCountedEmpty() throws Exception {
        flow("lib-digidel", 1, 2, 0);
        flow("lib-digidel", 6, 0, 2);      // empty at 10:05
        flow("lib-digidel", 11, 3, 0);
        flow("lib-digidel", 21, 0, 1);
        flow("lib-digidel", 41, 0, 1);     // one never seen leaving, found by the reset at 20:30
        long reset = local(2026, 11, 23, 20, 30);
        harness.processWatermark(reset + MIN + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
        assertThat(corrections()).containsExactly(new OccupancyCorrection("lib-digidel", MONDAY, 0, 1, 0, 0));
        List<OccupancyMinute> again = balanced();
        assertThat(again).as("nothing before 10:10: whoever was missed came in after the room was empty")
                .allSatisfy(m -> assertThat(m.minute()).isAfterOrEqualTo(Instant.ofEpochMilli(T0 + 20 * MIN)));
        // Half the drift by the first of the two exits seen (rounded up), all of it by the second.
        assertThat(again).startsWith(row("lib-digidel", 20, 1, 3, 0, 1), row("lib-digidel", 21, 1, 1, 0, 0));
        assertThat(again).contains(row("lib-digidel", 40, 0, 1, 0, 1));
        assertThat(again.stream().filter(m -> m.minute().isAfter(Instant.ofEpochMilli(T0 + 40 * MIN))))
                .as("the rest of the day, quiet and empty: no rows").isNotEmpty().allSatisfy(m -> assertThat(m.retracted()).isTrue());
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void aRecountBelowTheCountTakesTheDriftOutOfTheMinutesBeforeIt() throws Exception {
        flow("lib", 1, 10, 0);
        flow("lib", 6, 0, 2);
        flow("lib", 10, 0, 2);
        recount("lib", 10 * 60 + 30, 4);   // at 10:10:30 the count said 6
        flow("lib", 12, 0, 4);
        harness.processWatermark(T0 + 12 * MIN + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
        assertThat(corrections()).containsExactly(new OccupancyCorrection("lib", MONDAY, 0, null, 1, -2));
        assertThat(balanced()).as("one of the two by the first exits, both by the second; the minutes before any exit as they were")
                .containsExactly(row("lib", 5, 7, 10, 0, 2), row("lib", 6, 7, 7, 0, 0), row("lib", 7, 7, 7, 0, 0),
                        row("lib", 8, 7, 7, 0, 0), row("lib", 9, 4, 7, 0, 2));
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void anAlwaysOpenZoneIsResetAtItsTimeOnlyWhereTheSiteFileSaysSoEvenWhileOpen() throws Exception {
        open(SiteModel.parse("""
                timezone: Europe/Stockholm
                sites: [{id: s}]
                zones:
                  - {id: park, site: s, hours: always, reset: "04:00", reset_while_open: true}
                  - {id: square, site: s, hours: always, reset: "04:00"}
                """));
        long night = local(2026, 11, 23, 23, 0);
        for (String zone : List.of("park", "square")) {
            harness.processElement(ZoneEvent.of(new ZoneFlow(zone, night + MIN, 3, 1)), night + MIN);
        }
        harness.processWatermark(night + MIN + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
        assertThat(harness.numEventTimeTimers()).as("the park's wake-up at 04:00; the square is never reset").isEqualTo(1);
        long reset = local(2026, 11, 24, 4, 0);
        harness.processWatermark(reset + MIN - 1);
        assertThat(corrections()).containsExactly(new OccupancyCorrection("park", LocalDate.of(2026, 11, 24), 0, 2, 0, 0));
        assertThat(harness.extractOutputValues()).last().isEqualTo(new OccupancyMinute("park", Instant.ofEpochMilli(reset), 0, 0, 0, 0));
        assertThat(harness.extractOutputValues()).filteredOn(m -> m.zoneId().equals("square")).hasSize(1);
    }

    @Test
    void theLatestAreaCountSetsTheOccupancyAndGatesGiveOnlyEntriesAndExits() throws Exception {
        area("lib-digidel", 10, 3);
        flow("lib-digidel", 1, 10, 0);     // the door counter over-counts; the camera sees the room
        area("lib-digidel", 50, 4);
        area("lib-digidel", 30, 9);        // older, arrived later: not the latest, but the minute's maximum
        flow("lib-digidel", 2, 3, 0);      // no area count this minute: the count holds
        watermarkAtEndOfMinute(1);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib-digidel", 0, 4, 9, 10, 0),
                row("lib-digidel", 1, 4, 4, 3, 0));

        area("lib-digidel", 150, 0);
        watermarkAtEndOfMinute(2);
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("lib-digidel", 2, 0, 4, 0, 0));
        assertThat(corrections()).as("an area count is no correction").isEmpty();

        harness.processWatermark(T0 + 10 * MIN + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
        assertNothingLeftBehind();
    }

    @Test
    void anAreaCounterThatWentQuietHandsTheZoneBackToItsGates() throws Exception {
        area("lib-digidel", 0, 6);
        flow("lib-digidel", 2, 2, 0);      // minute 1, counter fresh: holds at 6
        flow("lib-digidel", 5, 2, 0);      // minute 4: no count for more than three minutes
        flow("lib-digidel", 6, 0, 1);
        watermarkAtEndOfMinute(5);
        var rows = harness.extractOutputValues();
        assertThat(rows).contains(row("lib-digidel", 1, 6, 6, 2, 0), row("lib-digidel", 4, 8, 8, 2, 0),
                row("lib-digidel", 5, 7, 8, 0, 1));

        flow("lib-digidel", 7, 0, 7);
        harness.processWatermark(T0 + 30 * MIN);
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("lib-digidel", 6, 0, 7, 0, 7));
        assertNothingLeftBehind();
    }

    @Test
    void aRecountReBasesTheZoneAndTheGatesCountOnFromIt() throws Exception {
        flow("lib", 1, 10, 0);
        flow("lib", 2, 3, 0);
        recount("lib", 90, 212);           // "there are 212 people in the library now", at 10:01:30
        flow("lib", 3, 1, 0);
        watermarkAtEndOfMinute(2);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 10, 10, 10, 0), row("lib", 1, 212, 212, 3, 0),
                row("lib", 2, 213, 213, 1, 0));
        assertThat(corrections()).as("the count said 13; the recount made it 212")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 0, null, 1, 199));

        flow("lib", 4, 0, 213);
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void aRecountAfterItsMinuteWasWrittenIsAppliedToTheNextOpenMinuteUnlessItIsTooOld() throws Exception {
        flow("lib", 1, 10, 0);
        watermarkAtEndOfMinute(1);
        recount("lib", 30, 50);            // said at 10:00:30, arrives after 10:01 was written
        watermarkAtEndOfMinute(2);
        assertThat(harness.extractOutputValues()).as("written minutes stay as they were")
                .containsExactly(row("lib", 0, 10, 10, 10, 0), row("lib", 1, 10, 10, 0, 0), row("lib", 2, 50, 50, 0, 0));
        assertThat(corrections()).containsExactly(new OccupancyCorrection("lib", MONDAY, 0, null, 1, 40));

        harness.processWatermark(T0 + 20 * MIN - 1);
        recount("lib", 60, 7);             // eighteen minutes late: dropped
        harness.processWatermark(T0 + 21 * MIN - 1);
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("lib", 2, 50, 50, 0, 0));
        assertThat(corrections()).hasSize(1);

        flow("lib", 22, 0, 50);
        harness.processWatermark(LATER);
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("lib", 21, 0, 50, 0, 50));
        assertNothingLeftBehind();
    }

    @Test
    void aRecountOfAnEmptyZoneThatFindsNobodyLeavesNothingButTheDaysTally() throws Exception {
        recount("park-north", 30, 0);
        watermarkAtEndOfMinute(0);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(corrections()).containsExactly(new OccupancyCorrection("park-north", MONDAY, 0, null, 1, 0));
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void aLateFlowUndoesAClampItsMinuteWouldNotHaveHad() throws Exception {
        flow("lib", 1, 1, 0);
        flow("lib", 2, 0, 4);
        watermarkAtEndOfMinute(1);
        assertThat(corrections()).containsExactly(new OccupancyCorrection("lib", MONDAY, 1, null, 0, 0));
        flow("lib", 1, 3, 0);              // minute 0's second door, late: nobody was missing
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 1, 1, 1, 0), row("lib", 1, 0, 1, 0, 4),
                row("lib", 0, 4, 4, 4, 0), row("lib", 1, 0, 4, 0, 4));
        assertThat(corrections()).as("the day's totals as if it had been on time")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 1, null, 0, 0), new OccupancyCorrection("lib", MONDAY, 0, null, 0, 0));
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void crossingsMovedToAnEarlierMinuteRetractTheLaterOnesRow() throws Exception {
        flow("lib", 1, 2, 0);
        flow("lib", 2, 0, 2);              // recovered from totals into minute 1
        watermarkAtEndOfMinute(1);
        flow("lib", 1, 0, 2);              // the late period count: they left in minute 0
        flow("lib", 2, 0, -2);             // and the withdrawal of the recovered ones
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 2, 2, 2, 0), row("lib", 1, 0, 2, 0, 2),
                row("lib", 0, 0, 0, 2, 2), row("lib", 1, 0, 0, 0, 2),
                OccupancyMinute.retraction("lib", Instant.ofEpochMilli(T0 + MIN)));
        assertThat(corrections()).as("the clamp the move made on the way is taken back")
                .containsExactly(new OccupancyCorrection("lib", MONDAY, 1, null, 0, 0), new OccupancyCorrection("lib", MONDAY, 0, null, 0, 0));
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }

    @Test
    void aLateAreaCountSetsItsOwnMinute() throws Exception {
        area("lib-digidel", 10, 3);
        flow("lib-digidel", 2, 1, 0);
        watermarkAtEndOfMinute(1);
        area("lib-digidel", 70, 0);        // held by a gateway: the room emptied in minute 1
        assertThat(harness.extractOutputValues()).containsExactly(row("lib-digidel", 0, 3, 3, 0, 0), row("lib-digidel", 1, 3, 3, 1, 0),
                row("lib-digidel", 1, 0, 3, 1, 0));
        harness.processWatermark(LATER);
        assertNothingLeftBehind();
    }
}
