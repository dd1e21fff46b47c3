package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
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
 * minute's row, then the watermark past its end.
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

    private KeyedOneInputStreamOperatorTestHarness<String, OccupancyMinute, AlertChange> harness;
    private int previous;

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
    private void minutes(int first, int... ends) throws Exception {
        for (int i = 0; i < ends.length; i++) {
            long minute = T0 + (first + i) * MIN;
            int max = Math.max(previous, ends[i]);
            harness.processElement(new OccupancyMinute("hall", Instant.ofEpochMilli(minute), ends[i], max, 0, 0), minute + MIN - 1);
            harness.processWatermark(minute + MIN - 1);
            previous = ends[i];
        }
    }

    private List<CapacityAlert> alerts() {
        return harness.extractOutputValues().stream().map(AlertChange::alert).toList();
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
    void minutesWrittenAgainAfterALateReadingRaiseNoAlertAgain() throws Exception {
        minutes(0, 84, 86, 84, 86, 84, 86, 85, 84, 86, 84, 79, 0);
        assertThat(alerts()).containsExactly(busy(1, null, 86), busy(1, 11, 86));
        // The occupancy operator writes minutes 3 to 11 again: a late exit took one person off each.
        for (int m = 3; m <= 11; m++) {
            long minute = T0 + m * MIN;
            harness.processElement(new OccupancyMinute("hall", Instant.ofEpochMilli(minute), 90, 91, 0, 0), minute + MIN - 1);
        }
        harness.processWatermark(T0 + 13 * MIN - 1);
        assertThat(alerts()).as("an alert said is neither said again nor changed after the fact")
                .containsExactly(busy(1, null, 86), busy(1, 11, 86));
        assertNothingLeftBehind();
    }

    @Test
    void aZoneBelowEveryLevelKeepsItsLastMinuteOnlyForTheLateness() throws Exception {
        minutes(0, 10, 20);
        assertThat(harness.numKeyedStateEntries()).as("the last minute, to know a minute written again").isEqualTo(1);
        harness.processWatermark(T0 + 2 * MIN + LATENESS.toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aSpikeShorterThanTheMinimumDurationRaisesNothing() throws Exception {
        // Two single minute ends at the level, each followed by two below. (One below between them would
        // not break the run: the minute between them has its start or its end at the level.)
        minutes(0, 80, 90, 70, 70, 86, 60, 0);
        assertThat(harness.extractOutputValues()).isEmpty();
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
        assertThat(harness.extractOutputValues()).extracting(AlertChange::zoneLevel).containsExactly(
                AlertLevel.BUSY, AlertLevel.BUSY, AlertLevel.BUSY, AlertLevel.FULL, AlertLevel.BUSY, null);
        assertThat(harness.extractOutputValues()).extracting(AlertChange::siteId).containsOnly("lib");
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
        assertThat(harness.numEventTimeTimers()).isZero();

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
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void anAlertThatLastsKeepsOnlyItsEpisode() throws Exception {
        minutes(0, 90, 90, 90);
        harness.processWatermark(T0 + 60 * MIN);
        assertThat(alerts()).containsExactly(busy(0, null, 90));
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the busy episode and the last minute").isEqualTo(2);
    }

    @Test
    void aZoneWithoutACapacityHasNoLevels() throws Exception {
        harness.processElement(new OccupancyMinute("corridor", Instant.ofEpochMilli(T0), 500, 500, 500, 0), T0 + MIN - 1);
        harness.processWatermark(T0 + 10 * MIN);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void whatTheOperatorKeepsAndEmitsIsSerialisedFieldByField() {
        for (Class<?> type : List.of(LevelWatch.class, LastMinute.class, AlertChange.class, CapacityAlert.class)) {
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
