package se.helsingborg.footfall.jobs.visitors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.jobs.SiteEntry;
import se.helsingborg.footfall.storage.results.VisitorsDay;

class VisitorsFunctionTest {
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private static long at(LocalDate day, int h, int m) {
        return LocalDateTime.of(day, java.time.LocalTime.of(h, m)).atZone(TZ).toInstant().toEpochMilli();
    }

    @Test
    void aDaysVisitorsAreSummedAndTheStateIsDroppedWhenTheDayIsOver() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay>(
                new KeyedProcessOperator<>(new VisitorsFunction(TZ, se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS)), SiteEntry::siteId, Types.STRING)) {
            h.open();
            h.processElement(new SiteEntry("lib", at(DAY, 9, 1), 5), at(DAY, 9, 1));
            h.processElement(new SiteEntry("lib", at(DAY, 9, 1), 2), at(DAY, 9, 1));
            h.processElement(new SiteEntry("park", at(DAY, 9, 1), 1), at(DAY, 9, 1));
            h.processWatermark(at(DAY, 9, 1));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(
                    new VisitorsDay("lib", DAY, 7), new VisitorsDay("park", DAY, 1));

            h.processElement(new SiteEntry("lib", at(DAY, 23, 59) + 30_000, 1), at(DAY, 23, 59));
            // A period ending exactly at midnight belongs to the day before.
            h.processElement(new SiteEntry("lib", at(DAY.plusDays(1), 0, 0), 3), at(DAY.plusDays(1), 0, 0));
            h.processElement(new SiteEntry("lib", at(DAY.plusDays(1), 0, 1), 4), at(DAY.plusDays(1), 0, 1));
            // a day is let go the allowed lateness after its end
            h.processWatermark(at(DAY.plusDays(2), 0, 0) + se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS.toMillis());
            assertThat(h.extractOutputValues()).contains(
                    new VisitorsDay("lib", DAY, 11), new VisitorsDay("lib", DAY.plusDays(1), 4));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    /**
     * A park gate's uplinks lost across midnight: the totals at 00:01 recovered three entries into
     * the new day, which was written with them; the late period count puts them back at 23:58 and
     * withdraws them from 00:01. Nobody else came after midnight, so the new day has no row, as on
     * time.
     */
    @Test
    void aDayAWithdrawalTakesEveryEntryFromIsRetractedIfItWasWritten() throws Exception {
        var lateness = se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS;
        LocalDate next = DAY.plusDays(1);
        try (var h = harness(lateness)) {
            h.processElement(new SiteEntry("park", at(DAY, 23, 50), 5), at(DAY, 23, 50));
            h.processElement(new SiteEntry("park", at(next, 0, 1), 3), at(next, 0, 1)); // recovered
            h.processWatermark(at(next, 0, 2));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(new VisitorsDay("park", DAY, 5), new VisitorsDay("park", next, 3));

            h.processElement(new SiteEntry("park", at(DAY, 23, 58), 3), at(DAY, 23, 58));  // the late period count
            h.processElement(new SiteEntry("park", at(next, 0, 1), -3), at(next, 0, 1));   // the withdrawal
            h.processWatermark(at(next, 0, 3));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(new VisitorsDay("park", DAY, 5),
                    new VisitorsDay("park", next, 3), new VisitorsDay("park", DAY, 8), VisitorsDay.retraction("park", next));

            h.processElement(new SiteEntry("park", at(next, 0, 4), 1), at(next, 0, 4));     // someone came after all
            h.processWatermark(at(next, 0, 5));
            assertThat(h.extractOutputValues()).last().isEqualTo(new VisitorsDay("park", next, 1));

            h.processWatermark(at(next.plusDays(1), 0, 0) + lateness.toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aDayEmptiedBeforeItIsWrittenHasNoRowAndNothingToRetract() throws Exception {
        var lateness = se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS;
        LocalDate next = DAY.plusDays(1);
        try (var h = harness(lateness)) {
            h.processElement(new SiteEntry("park", at(next, 0, 1), 3), at(next, 0, 1));     // recovered
            h.processElement(new SiteEntry("park", at(DAY, 23, 58), 3), at(DAY, 23, 58));   // the late period count
            h.processElement(new SiteEntry("park", at(next, 0, 1), -3), at(next, 0, 1));    // and the withdrawal, in time
            h.processWatermark(at(next, 0, 2));
            assertThat(h.extractOutputValues()).containsExactly(new VisitorsDay("park", DAY, 3));
            h.processWatermark(at(next.plusDays(1), 0, 0) + lateness.toMillis());
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay> harness(java.time.Duration lateness)
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay>(
                new KeyedProcessOperator<>(new VisitorsFunction(TZ, lateness)), SiteEntry::siteId, Types.STRING);
        h.open();
        return h;
    }

    @Test
    void theEstimatedPartOfADaysVisitorsIsSummedBesideThemAndLetGoWithTheDay() throws Exception {
        var lateness = se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay>(
                new KeyedProcessOperator<>(new VisitorsFunction(TZ, lateness)), SiteEntry::siteId, Types.STRING)) {
            h.open();
            h.processElement(new SiteEntry("park", at(DAY, 9, 1), 5), at(DAY, 9, 1));
            h.processWatermark(at(DAY, 9, 1));
            h.processElement(new SiteEntry("park", at(DAY, 10, 1), 52, 40), at(DAY, 10, 1)); // 40 of them estimated
            h.processElement(new SiteEntry("lib", at(DAY, 10, 1), 3), at(DAY, 10, 1));
            h.processWatermark(at(DAY, 10, 1));
            assertThat(h.extractOutputValues()).containsExactlyInAnyOrder(new VisitorsDay("park", DAY, 5, 0),
                    new VisitorsDay("park", DAY, 57, 40), new VisitorsDay("lib", DAY, 3, 0));
            h.processElement(new SiteEntry("park", at(DAY, 11, 1), 2), at(DAY, 11, 1));
            h.processElement(new SiteEntry("park", at(DAY.plusDays(1), 9, 1), 1), at(DAY.plusDays(1), 9, 1));
            h.processWatermark(at(DAY.plusDays(3), 0, 0));
            assertThat(h.extractOutputValues()).contains(new VisitorsDay("park", DAY, 59, 40),
                    new VisitorsDay("park", DAY.plusDays(1), 1, 0));
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLateEntryWithinTheLatenessAddsToItsDayAfterMidnightAndLaterOnesAreDropped() throws Exception {
        var lateness = se.helsingborg.footfall.jobs.FootfallJob.DEFAULT_ALLOWED_LATENESS;
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, SiteEntry, VisitorsDay>(
                new KeyedProcessOperator<>(new VisitorsFunction(TZ, lateness)), SiteEntry::siteId, Types.STRING)) {
            h.open();
            h.processElement(new SiteEntry("park", at(DAY, 23, 50), 5), at(DAY, 23, 50));
            h.processWatermark(at(DAY.plusDays(1), 0, 5));
            assertThat(h.extractOutputValues()).containsExactly(new VisitorsDay("park", DAY, 5));
            // held by a gateway for ten minutes: still the day before's
            h.processElement(new SiteEntry("park", at(DAY, 23, 56), 2), at(DAY, 23, 56));
            h.processWatermark(at(DAY.plusDays(1), 0, 6));
            assertThat(h.extractOutputValues()).containsExactly(new VisitorsDay("park", DAY, 5), new VisitorsDay("park", DAY, 7));
            h.processWatermark(at(DAY.plusDays(1), 0, 0) + lateness.toMillis());
            assertThat(h.numKeyedStateEntries()).as("the day is let go after the lateness").isZero();
            h.processElement(new SiteEntry("park", at(DAY, 23, 58), 9), at(DAY, 23, 58));
            h.processWatermark(at(DAY.plusDays(2), 0, 0));
            assertThat(h.extractOutputValues()).as("later than the lateness: dropped").hasSize(2);
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }
}
