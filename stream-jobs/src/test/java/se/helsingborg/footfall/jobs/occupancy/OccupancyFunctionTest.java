package se.helsingborg.footfall.jobs.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

class OccupancyFunctionTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final long MIN = 60_000;
    /** Monday 2026-11-23 10:00 local. */
    private static final java.time.Duration LATENESS = se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS;
    private static final long T0 = LocalDateTime.of(2026, 11, 23, 10, 0).atZone(SITE.timezone()).toInstant().toEpochMilli();

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

    /** A period count for zone lib that ended at T0 + minutes. */
    private void flow(String zone, int endMinute, long in, long out) throws Exception {
        long end = T0 + endMinute * MIN;
        harness.processElement(ZoneEvent.of(new ZoneFlow(zone, end, in, out)), end);
    }

    private static OccupancyMinute row(String zone, int minute, int occupancy, int max, int in, int out) {
        return new OccupancyMinute(zone, Instant.ofEpochMilli(T0 + minute * MIN), occupancy, max, in, out);
    }

    @Test
    void eachMinuteIsWrittenWhenTheWatermarkPassesIt() throws Exception {
        flow("lib", 1, 5, 0);          // counts of [10:00, 10:01)
        flow("lib", 1, 2, 1);          // a second door, same minute
        flow("lib", 2, 0, 3);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 6, 6, 7, 1));

        harness.processWatermark(T0 + 2 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 6, 6, 7, 1), row("lib", 1, 3, 6, 0, 3));
    }

    @Test
    void outOfOrderFlowsWithinTheLatenessLandInTheirMinute() throws Exception {
        flow("lib", 2, 4, 0);
        flow("lib", 1, 10, 0);         // arrives later, belongs earlier
        harness.processWatermark(T0 + 2 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 10, 10, 10, 0), row("lib", 1, 14, 14, 4, 0));
    }

    @Test
    void quietMinutesBetweenBusyOnesAreFilledWithTheCarriedOccupancy() throws Exception {
        flow("lib", 1, 3, 0);
        flow("lib", 4, 0, 1);
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(
                row("lib", 0, 3, 3, 3, 0), row("lib", 1, 3, 3, 0, 0), row("lib", 2, 3, 3, 0, 0), row("lib", 3, 2, 3, 0, 1));
    }

    @Test
    void moreOutThanInIsClampedAtZero() throws Exception {
        flow("lib", 1, 1, 0);
        flow("lib", 2, 0, 4);
        harness.processWatermark(T0 + 2 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(row("lib", 0, 1, 1, 1, 0), row("lib", 1, 0, 1, 0, 4));
    }

    @Test
    void zonesAreCountedApart() throws Exception {
        flow("lib", 1, 3, 0);
        flow("park-north", 1, 8, 2);
        harness.processWatermark(T0 + MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactlyInAnyOrder(row("lib", 0, 3, 3, 3, 0), row("park-north", 0, 6, 6, 8, 2));
    }

    @Test
    void theLibraryIsResetAtItsResetTimeWhenClosed() throws Exception {
        // 5 people "still inside" at 19:59 (a missed exit); next activity the following morning.
        long evening = LocalDateTime.of(2026, 11, 23, 19, 59).atZone(SITE.timezone()).toInstant().toEpochMilli();
        long morning = LocalDateTime.of(2026, 11, 24, 8, 0).atZone(SITE.timezone()).toInstant().toEpochMilli();
        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", evening + MIN, 5, 0)), evening + MIN);
        harness.processElement(ZoneEvent.of(new ZoneFlow("lib", morning + MIN, 2, 0)), morning + MIN);
        harness.processWatermark(morning + MIN - 1);
        var rows = harness.getSideOutput(OccupancyFunction.LIVE).stream().map(r -> r.getValue()).toList();
        assertThat(rows.get(0)).isEqualTo(new OccupancyMinute("lib", Instant.ofEpochMilli(evening), 5, 5, 5, 0));
        assertThat(rows.get(rows.size() - 1)).as("reset half an hour after closing, then two came in")
                .isEqualTo(new OccupancyMinute("lib", Instant.ofEpochMilli(morning), 2, 2, 2, 0));
        long reset = LocalDateTime.of(2026, 11, 23, 20, 30).atZone(SITE.timezone()).toInstant().toEpochMilli();
        assertThat(rows).contains(new OccupancyMinute("lib", Instant.ofEpochMilli(reset - MIN), 5, 5, 0, 0),
                new OccupancyMinute("lib", Instant.ofEpochMilli(reset), 0, 0, 0, 0));
        assertThat(rows).as("every minute up to the reset, then none while the zone is empty, then the morning's")
                .hasSize((int) ((reset - evening) / MIN) + 2);
        // The table's history besides: the five the reset found were never seen leaving, and no
        // exit says when they left, so they are taken out with their entries (all at 19:59).
        assertThat(harness.extractOutputValues()).hasSize(rows.size() + 31)
                .contains(new OccupancyMinute("lib", Instant.ofEpochMilli(evening), 0, 5, 5, 0),
                        OccupancyMinute.retraction("lib", Instant.ofEpochMilli(reset - MIN)));
    }

    @Test
    void aLateFlowWithinTheLatenessRewritesItsMinuteAndEveryLaterOne() throws Exception {
        flow("lib", 1, 3, 0);
        flow("lib", 4, 0, 1);
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(
                row("lib", 0, 3, 3, 3, 0), row("lib", 1, 3, 3, 0, 0), row("lib", 2, 3, 3, 0, 0), row("lib", 3, 2, 3, 0, 1));
        flow("lib", 2, 2, 0);          // minute 1, three minutes late
        assertThat(harness.extractOutputValues()).as("minute 1 and the minutes after it, as if it had been on time")
                .containsExactly(row("lib", 0, 3, 3, 3, 0), row("lib", 1, 3, 3, 0, 0), row("lib", 2, 3, 3, 0, 0),
                        row("lib", 3, 2, 3, 0, 1), row("lib", 1, 5, 5, 2, 0), row("lib", 2, 5, 5, 0, 0), row("lib", 3, 4, 5, 0, 1));
        flow("lib", 5, 1, 0);
        harness.processWatermark(T0 + 5 * MIN - 1);
        assertThat(harness.extractOutputValues()).last().as("later minutes go on from the corrected count")
                .isEqualTo(row("lib", 4, 5, 5, 1, 0));
    }

    /**
     * Two people who came in minute 0 were lost with their exits, which a total recovered into
     * minute 3; the late period count puts the exits back into minute 0 and withdraws them from
     * minute 3. Minutes 1 to 3 were written (the carried occupancy, then the exits) and are quiet
     * minutes of an empty zone now: their rows are retracted, and what stands is what the same
     * readings on time write.
     */
    @Test
    void minutesARewriteEmptiesAreRetractedAndTheTableIsWhatItWouldBeOnTime() throws Exception {
        flow("lib", 1, 2, 0);
        flow("lib", 4, 0, 2);          // recovered from totals into minute 3
        harness.processWatermark(T0 + 4 * MIN - 1);
        assertThat(harness.extractOutputValues()).containsExactly(
                row("lib", 0, 2, 2, 2, 0), row("lib", 1, 2, 2, 0, 0), row("lib", 2, 2, 2, 0, 0), row("lib", 3, 0, 2, 0, 2));
        flow("lib", 1, 0, 2);          // the late period count: they left in minute 0
        flow("lib", 4, 0, -2);         // and the withdrawal of the recovered exits
        assertThat(harness.extractOutputValues()).as("written again, or retracted where emptied").containsExactly(
                row("lib", 0, 2, 2, 2, 0), row("lib", 1, 2, 2, 0, 0), row("lib", 2, 2, 2, 0, 0), row("lib", 3, 0, 2, 0, 2),
                row("lib", 0, 0, 0, 2, 2), row("lib", 3, 0, 0, 0, 2), retraction("lib", 1), retraction("lib", 2),
                retraction("lib", 3));

        var onTime = new KeyedOneInputStreamOperatorTestHarness<String, ZoneEvent, OccupancyMinute>(
                new KeyedProcessOperator<>(new OccupancyFunction(SITE, LATENESS)), ZoneEvent::zoneId, Types.STRING);
        onTime.open();
        for (long[] f : new long[][] {{1, 2, 0}, {4, 0, 2}, {1, 0, 2}, {4, 0, -2}}) {
            long end = T0 + f[0] * MIN;
            onTime.processElement(ZoneEvent.of(new ZoneFlow("lib", end, f[1], f[2])), end);
        }
        onTime.processWatermark(T0 + 4 * MIN - 1);
        assertThat(table(harness.extractOutputValues())).isEqualTo(table(onTime.extractOutputValues()))
                .containsOnlyKeys(T0);
        onTime.close();

        harness.processWatermark(T0 + java.time.Duration.ofDays(2).toMillis()); // past the day of the clamp taken back
        assertThat(harness.numKeyedStateEntries()).as("keyed state left").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers left").isZero();
    }

    /** The rows as a table would hold them: the last version of each minute, retracted ones gone. */
    private static java.util.Map<Long, OccupancyMinute> table(java.util.List<OccupancyMinute> rows) {
        var table = new java.util.TreeMap<Long, OccupancyMinute>();
        for (OccupancyMinute r : rows) {
            if (r.retracted()) {
                table.remove(r.minute().toEpochMilli());
            } else {
                table.put(r.minute().toEpochMilli(), r);
            }
        }
        return table;
    }

    private static OccupancyMinute retraction(String zone, int minute) {
        return OccupancyMinute.retraction(zone, Instant.ofEpochMilli(T0 + minute * MIN));
    }

    @Test
    void aLateFlowForAMinuteOfAnEmptyZoneGetsItsRow() throws Exception {
        harness.processWatermark(T0 + 5 * MIN);
        flow("lib-digidel", 2, 1, 0);  // nothing was held for the room: it was empty
        assertThat(harness.extractOutputValues()).containsExactly(row("lib-digidel", 1, 1, 1, 1, 0));
    }

    @Test
    void flowsLaterThanTheLatenessAreNotAppliedToAClosedMinute() throws Exception {
        flow("lib", 1, 3, 0);
        harness.processWatermark(T0 + MIN - 1);
        harness.processWatermark(T0 + MIN + LATENESS.toMillis());
        flow("lib", 1, 100, 0);        // its minute is written and let go
        flow("lib", 17, 0, 1);
        harness.processWatermark(T0 + 17 * MIN - 1);
        assertThat(harness.extractOutputValues()).first().isEqualTo(row("lib", 0, 3, 3, 3, 0));
        assertThat(harness.extractOutputValues()).last().isEqualTo(row("lib", 16, 2, 3, 0, 1));
        assertThat(harness.extractOutputValues()).allMatch(r -> r.occupancy() < 100);
    }

    @Test
    void anEmptyZoneLeavesNoStateAndNoTimersBehindOnceTheLatenessHasPassed() throws Exception {
        flow("lib", 1, 4, 0);
        flow("lib", 3, 0, 4);
        flow("lib-digidel", 2, 1, 1);
        harness.processWatermark(T0 + 10 * MIN);
        assertThat(harness.extractOutputValues()).isNotEmpty();
        assertThat(harness.numKeyedStateEntries()).as("the minutes a late reading may still change").isPositive();
        harness.processWatermark(T0 + 3 * MIN + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anOccupiedZoneKeepsOnlyWhereItStandsTheRowsSinceItWasEmptyAndItsResetToCome() throws Exception {
        flow("lib", 1, 4, 0);
        harness.processWatermark(T0 + MIN + LATENESS.toMillis());
        assertThat(harness.numEventTimeTimers()).as("the wake-up at its reset").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("where it stands; the row since it was empty, and their run").isEqualTo(3);
    }
}
