package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Capacity alerts of a hall for 100 people at the default levels: busy at 85 (ends below 80), full
 * at 100 (ends below 95), after 2 minutes. Rows come as the occupancy operator writes them: a
 * minute's row, then the watermark past its end; after a late reading, the minutes it changed
 * again, then the next watermark.
 */
class AlertFunctionTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib, capacity: 100}, {id: corridor, site: lib}]
            gates: [{id: front, from: outside, to: hall}]
            devices:
              - {id: door-1, model: footfall-json, gate: front}
            """);
    private static final long MIN = 60_000;
    private static final java.time.Duration LATENESS = java.time.Duration.ofMinutes(15);
    private static final long T0 = Instant.parse("2026-11-23T09:00:00Z").toEpochMilli();

    private KeyedOneInputStreamOperatorTestHarness<String, OccupancyMinute, CapacityAlert> harness;
    /** The hall's occupancy at the end of each minute written, by minute. */
    private final TreeMap<Integer, Integer> ends = new TreeMap<>();
    private long watermark = Long.MIN_VALUE;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new AlertFunction(SITE, LATENESS)), OccupancyMinute::zoneId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The hall's minutes from {@code first} on, by the occupancy at each one's end (the maximum as the operator makes it). */
    private void minutes(int first, int... occupancy) throws Exception {
        for (int i = 0; i < occupancy.length; i++) {
            long minute = T0 + (first + i) * MIN;
            write(first + i, occupancy[i]);
            watermark(minute + MIN - 1);
        }
    }

    private void watermark(long time) throws Exception {
        watermark = time;
        harness.processWatermark(time);
    }

    /** The hall's minutes from {@code first} on written again, as after a late reading; then the next watermark. */
    private void rewrite(int first, int... occupancy) throws Exception {
        for (int i = 0; i < occupancy.length; i++) {
            write(first + i, occupancy[i]);
        }
        watermark(watermark + 1);
    }

    private void write(int m, int end) throws Exception {
        Map.Entry<Integer, Integer> before = ends.floorEntry(m - 1);
        int max = Math.max(before == null ? 0 : before.getValue(), end);
        long minute = T0 + m * MIN;
        harness.processElement(new OccupancyMinute("hall", Instant.ofEpochMilli(minute), end, max, 0, 0), minute + MIN - 1);
        ends.put(m, end);
    }

    /** The rows written, in order. */
    private List<CapacityAlert> alerts() {
        return rows().stream().filter(r -> !r.retracted()).toList();
    }

    /** The rows written and retracted, in order. */
    private List<CapacityAlert> rows() {
        return harness.extractOutputValues();
    }

    /** What the alerts table holds after the rows: the last row of each key, less those retracted. */
    private List<CapacityAlert> table() {
        Map<List<Object>, CapacityAlert> table = new LinkedHashMap<>();
        for (CapacityAlert r : rows()) {
            List<Object> key = List.of(r.zoneId(), r.level(), r.startedAt());
            if (r.retracted()) {
                table.remove(key);
            } else {
                table.put(key, r);
            }
        }
        return List.copyOf(table.values());
    }

    private static CapacityAlert retraction(CapacityAlert episode) {
        return CapacityAlert.retraction(episode.zoneId(), episode.level(), episode.startedAt());
    }

    /** What notifiers were told, in order. */
    private List<AlertChange> notices() {
        var out = harness.getSideOutput(AlertFunction.NOTICES);
        return out == null ? List.of() : out.stream().map(StreamRecord::getValue).toList();
    }

    private static AlertChange notice(CapacityAlert alert, AlertLevel zoneLevel) {
        return new AlertChange("lib", alert, zoneLevel);
    }

    private static CapacityAlert busy(int startMinute, Integer endMinute, int peak) {
        return alert(AlertLevel.BUSY, startMinute, endMinute, 85, peak);
    }

    private static CapacityAlert full(int startMinute, Integer endMinute, int peak) {
        return alert(AlertLevel.FULL, startMinute, endMinute, 100, peak);
    }

    private static CapacityAlert alert(AlertLevel level, int startMinute, Integer endMinute, int threshold, int peak) {
        return new CapacityAlert("hall", level, Instant.ofEpochMilli(T0 + startMinute * MIN),
                endMinute == null ? null : Instant.ofEpochMilli(T0 + endMinute * MIN), threshold, peak);
    }

    /** Once the allowed lateness has passed the last minute (a minute may be written again until then). */
    private void assertNothingLeftBehind() throws Exception {
        harness.processWatermark(T0 + java.time.Duration.ofDays(1).toMillis());
        assertThat(harness.numKeyedStateEntries()).as("keyed state").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers").isZero();
    }

    @Test
    void aCountFlickeringAtTheBusyLevelRaisesOneAlert() throws Exception {
        minutes(0, 84, 86, 84, 86, 84, 86, 85, 84, 86, 84, 79, 0);
        assertThat(alerts()).containsExactly(busy(1, null, 86), busy(1, 11, 86));
        assertNothingLeftBehind();
    }

    @Test
    void aLateEntryThatMovesAnEpisodesStartMovesItsRowAndTellsNotifiersNothing() throws Exception {
        minutes(0, 50, 84, 86, 88, 90, 90);
        assertThat(rows()).containsExactly(busy(2, null, 90));
        // One more person came in minute 1: every minute from there has one more.
        rewrite(1, 85, 87, 89, 91, 91);
        assertThat(rows()).as("the episode began a minute earlier: its row under the old start is retracted").containsExactly(
                busy(2, null, 90),
                retraction(busy(2, null, 90)),
                busy(1, null, 91));
        assertThat(notices()).as("busy it was and is: nothing new to tell")
                .containsExactly(notice(busy(2, null, 90), AlertLevel.BUSY));

        minutes(6, 70, 0);
        assertThat(table()).containsExactly(busy(1, 7, 91));
        assertThat(notices()).as("the end tells the episode as corrected").containsExactly(
                notice(busy(2, null, 90), AlertLevel.BUSY), notice(busy(1, 7, 91), null));
        assertNothingLeftBehind();
    }

    @Test
    void aLateExitThatLeavesTheRunShorterThanTheMinimumDurationWithdrawsTheAlert() throws Exception {
        minutes(0, 80, 90, 90, 90);
        assertThat(notices()).containsExactly(notice(busy(1, null, 90), AlertLevel.BUSY));
        // Fifteen people left in minute 2: minute 3 was never at the level.
        rewrite(2, 75, 75);
        assertThat(rows()).containsExactly(busy(1, null, 90), retraction(busy(1, null, 90)));
        assertThat(notices()).containsExactly(notice(busy(1, null, 90), AlertLevel.BUSY),
                new AlertChange("lib", busy(1, null, 90), null, true));

        minutes(4, 0);
        assertThat(table()).isEmpty();
        assertThat(notices()).hasSize(2);
        assertNothingLeftBehind();
    }

    @Test
    void aLateEntryThatMakesARunLastTheMinimumDurationRaisesTheAlertThen() throws Exception {
        minutes(0, 80, 84, 86, 84);
        assertThat(rows()).as("minute 2 alone at the level").isEmpty();
        // One more person came in minute 1: the run starts there and lasts.
        rewrite(1, 85, 87, 85);
        assertThat(rows()).containsExactly(busy(1, null, 87));
        assertThat(notices()).as("raised once the minutes say so").containsExactly(notice(busy(1, null, 87), AlertLevel.BUSY));

        minutes(4, 70, 0);
        assertThat(table()).containsExactly(busy(1, 5, 87));
        assertThat(notices()).containsExactly(notice(busy(1, null, 87), AlertLevel.BUSY), notice(busy(1, 5, 87), null));
        assertNothingLeftBehind();
    }

    @Test
    void anEpisodeThatLateReadingsShowOverAlreadyGoesToTheTableAlone() throws Exception {
        minutes(0, 80, 84, 86, 84, 60);
        rewrite(1, 85, 87, 85, 61);
        assertThat(table()).containsExactly(busy(1, 5, 87));
        assertThat(notices()).as("the zone is below the level now, as notifiers were told").isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void aLateEntryThatKeepsAnEndedEpisodeGoingReopensIt() throws Exception {
        minutes(0, 90, 90, 90, 70, 60);
        assertThat(notices()).containsExactly(notice(busy(0, null, 90), AlertLevel.BUSY), notice(busy(0, 4, 90), null));
        // Ten more people in minute 3: it closed at 80, which is not below 80, and so did minute 4.
        rewrite(3, 80, 80);
        assertThat(alerts()).containsExactly(busy(0, null, 90), busy(0, 4, 90), busy(0, null, 90));
        assertThat(notices()).containsExactly(notice(busy(0, null, 90), AlertLevel.BUSY), notice(busy(0, 4, 90), null),
                notice(busy(0, null, 90), AlertLevel.BUSY));
        rewrite(3, 80, 80);
        assertThat(rows()).as("minutes written again the same change nothing").hasSize(3);

        minutes(5, 0);
        assertThat(table()).containsExactly(busy(0, 6, 90));
        assertNothingLeftBehind();
    }

    @Test
    void theMinutesALateReadingChangesAreWorkedOutTogether() throws Exception {
        minutes(0, 90, 90, 90, 90, 90, 90, 90);
        // Fifteen people counted out in minute 4 left in minute 2 (a late period count): minutes 2 and 3
        // had fifteen fewer. With minute 2 alone corrected, a second episode would seem to start at minute 3.
        rewrite(2, 75, 75);
        assertThat(rows()).containsExactly(
                busy(0, null, 90),
                busy(0, 3, 90),
                busy(4, null, 90));
        assertThat(notices()).as("busy it was and is").containsExactly(notice(busy(0, null, 90), AlertLevel.BUSY));
        minutes(7, 0);
        assertThat(notices()).containsExactly(notice(busy(0, null, 90), AlertLevel.BUSY), notice(busy(4, 8, 90), null));
        assertNothingLeftBehind();
    }

    @Test
    void aNewMinuteAppliesTheMinutesWrittenAgainBeforeIt() throws Exception {
        minutes(0, 80, 90, 90, 90);
        write(2, 75);
        write(3, 75);
        assertThat(rows()).as("waiting for the rest of the late reading's minutes").hasSize(1);
        minutes(4, 75);
        assertThat(rows()).containsExactly(busy(1, null, 90), retraction(busy(1, null, 90)));
        assertThat(notices()).containsExactly(notice(busy(1, null, 90), AlertLevel.BUSY),
                new AlertChange("lib", busy(1, null, 90), null, true));
        assertNothingLeftBehind();
    }

    @Test
    void aRetractedMinuteIsAQuietMinuteWithNobodyInside() throws Exception {
        minutes(0, 90, 90, 90, 0, 0); // minute 4: one in and one out, nobody inside at either end
        assertThat(table()).containsExactly(busy(0, 4, 90));
        // A late period count took the two crossings to their own minute: minute 4 has no row.
        harness.processElement(OccupancyMinute.retraction("hall", Instant.ofEpochMilli(T0 + 4 * MIN)), T0 + 5 * MIN - 1);
        watermark(watermark + 1);
        assertThat(rows()).as("nothing to correct").containsExactly(busy(0, null, 90), busy(0, 4, 90));
        assertThat(notices()).hasSize(2);
        assertNothingLeftBehind();
    }

    @Test
    void aZoneBelowEveryLevelHoldsItsMinutesOnlyForTheLateness() throws Exception {
        minutes(0, 10, 20);
        assertThat(harness.numKeyedStateEntries()).as("the minutes, which late readings may still change").isEqualTo(1);
        harness.processWatermark(T0 + 2 * MIN + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSpikeShorterThanTheMinimumDurationRaisesNothing() throws Exception {
        // Two single minute ends at the level, each followed by two below. (One below between them would
        // not break the run: the minute between them has its start or its end at the level.)
        minutes(0, 80, 90, 70, 70, 86, 60, 0);
        assertThat(rows()).isEmpty();
        assertThat(notices()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void busyThenFullAreTwoEpisodesEndedFullFirst() throws Exception {
        minutes(0, 50, 90, 92, 95, 100, 102, 101, 96, 94, 88, 81, 79, 0);
        assertThat(alerts()).containsExactly(
                busy(1, null, 95),
                busy(1, null, 100),
                busy(1, null, 102),
                full(4, null, 102),
                full(4, 9, 102),
                busy(1, 12, 102));
        assertThat(notices()).extracting(AlertChange::alert).containsExactlyElementsOf(alerts());
        assertThat(notices()).extracting(AlertChange::zoneLevel).containsExactly(
                AlertLevel.BUSY, AlertLevel.BUSY, AlertLevel.BUSY, AlertLevel.FULL, AlertLevel.BUSY, null);
        assertThat(notices()).extracting(AlertChange::siteId).containsOnly("lib");
        assertNothingLeftBehind();
    }

    @Test
    void anAlertEndsOnlyBelowTheLevelLessTheHysteresis() throws Exception {
        minutes(0, 90, 90, 90, 80, 84, 86, 81, 80); // 80 is 85 − 5: still busy
        assertThat(alerts()).containsExactly(busy(0, null, 90));
        minutes(8, 79);                             // below 80: over
        minutes(9, 86, 87, 88, 40, 0);              // a second spell, a second episode
        assertThat(alerts()).containsExactly(busy(0, null, 90), busy(0, 9, 90), busy(9, null, 88), busy(9, 13, 88));
        assertNothingLeftBehind();
    }

    @Test
    void aZoneGoneQuietAtTheLevelIsAlertedByTheClockAndEndsWhenItEmpties() throws Exception {
        minutes(0, 60, 90);                          // then nobody passes: the operator writes nothing
        harness.processWatermark(T0 + 10 * MIN);
        assertThat(alerts()).as("raised from the occupancy the quiet hall kept").containsExactly(busy(1, null, 90));
        assertThat(harness.numEventTimeTimers()).as("the one that settles the minutes held").isEqualTo(1);

        // The next visitors leave at minute 20: the operator writes the quiet minutes, then theirs.
        int[] quiet = new int[18];
        java.util.Arrays.fill(quiet, 90);
        minutes(2, quiet);
        minutes(20, 30, 0);
        assertThat(alerts()).containsExactly(busy(1, null, 90), busy(1, 21, 90));
        assertNothingLeftBehind();
    }

    @Test
    void aZoneGoneQuietJustBelowTheLevelIsForgottenByTheClock() throws Exception {
        minutes(0, 86, 84);                          // one minute end at the level, then quiet at 84
        assertThat(harness.numKeyedStateEntries()).as("a run waiting for its minimum duration").isPositive();
        harness.processWatermark(T0 + 10 * MIN);
        assertThat(rows()).isEmpty();
        assertThat(notices()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void anAlertThatLastsKeepsOnlyItsEpisode() throws Exception {
        minutes(0, 90, 90, 90);
        harness.processWatermark(T0 + 60 * MIN);
        assertThat(alerts()).containsExactly(busy(0, null, 90));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the busy episode with the hall's last minute").isEqualTo(1);
    }

    @Test
    void aZoneWithoutACapacityHasNoLevels() throws Exception {
        harness.processElement(new OccupancyMinute("corridor", Instant.ofEpochMilli(T0), 500, 500, 500, 0), T0 + MIN - 1);
        harness.processWatermark(T0 + 10 * MIN);
        assertThat(rows()).isEmpty();
        assertThat(notices()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void whatTheOperatorKeepsAndEmitsIsSerialisedFieldByField() {
        for (Class<?> type : List.of(LevelWatch.class, SettledZone.class, HeldMinute.class, AlertChange.class,
                CapacityAlert.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
            for (int i = 0; i < pojo.getArity(); i++) {
                assertThat(pojo.getTypeAt(i)).as(type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName())
                        .isNotInstanceOf(GenericTypeInfo.class);
            }
        }
    }
}
