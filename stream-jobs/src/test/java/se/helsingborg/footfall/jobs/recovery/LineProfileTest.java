package se.helsingborg.footfall.jobs.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The quarter hours a line's day is kept by, and what its profile makes of the days it is shown. */
class LineProfileTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");
    private static final long MIN = 60_000;
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);
    private static final long QUARTER = DaySlots.SLOT_MILLIS;

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void aSpanIsCutAtTheQuarterHoursOfTheLocalDay() {
        // 09:50 to 10:20 local (UTC+1 in November)
        assertThat(DaySlots.split(at("2026-11-23T08:50:00Z"), at("2026-11-23T09:20:00Z"), ZONE)).containsExactly(
                new DaySlots.Piece(MONDAY, 39, 10 * MIN), new DaySlots.Piece(MONDAY, 40, 15 * MIN),
                new DaySlots.Piece(MONDAY, 41, 5 * MIN));
        // across local midnight, which is 23:00 UTC
        assertThat(DaySlots.split(at("2026-11-23T22:55:00Z"), at("2026-11-23T23:05:00Z"), ZONE)).containsExactly(
                new DaySlots.Piece(MONDAY, 95, 5 * MIN), new DaySlots.Piece(TUESDAY, 0, 5 * MIN));
    }

    @Test
    void whenSummerTimeEndsTheRepeatedHourFallsInTheSameQuartersTwice() {
        LocalDate day = LocalDate.of(2026, 10, 25); // 03:00 CEST goes back to 02:00 CET at 01:00 UTC
        var pieces = DaySlots.split(at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"), ZONE);
        assertThat(pieces).hasSize(8).allSatisfy(p -> assertThat(p.day()).isEqualTo(day));
        assertThat(pieces.stream().map(DaySlots.Piece::slot)).containsExactly(8, 9, 10, 11, 8, 9, 10, 11);
    }

    @Test
    void theKindsOfDayAreWeekdaysSaturdaysAndSundays() {
        assertThat(DaySlots.dayClass(MONDAY)).isEqualTo(DaySlots.dayClass(MONDAY.plusDays(4)));
        assertThat(DaySlots.dayClass(MONDAY.plusDays(5))).isNotEqualTo(DaySlots.dayClass(MONDAY));
        assertThat(DaySlots.dayClass(MONDAY.plusDays(6))).isNotIn(DaySlots.dayClass(MONDAY), DaySlots.dayClass(MONDAY.plusDays(5)));
    }

    @Test
    void aQuarterPartlyCountedCountsAsIfCountedAlikeThroughoutAndOneBarelyCountedTeachesNothing() {
        LineDay day = LineDay.starting(MONDAY.toEpochDay())
                .plus(40, 6, 4, QUARTER)          // whole
                .plus(41, 5, 3, QUARTER / 2)      // half: as if 10 and 6
                .plus(42, 9, 9, QUARTER / 3);     // a third: not learnt
        LineProfile profile = LineProfile.after(null, day);
        assertThat(profile.quarter(TUESDAY, 40)).isEqualTo(new LineProfile.Usual(6, 4));
        assertThat(profile.quarter(TUESDAY, 41)).isEqualTo(new LineProfile.Usual(10, 6));
        assertThat(profile.quarter(TUESDAY, 42)).as("filled from 41 alone: nothing after it").isNull();
        assertThat(profile.quarter(MONDAY.plusDays(5), 40)).as("a Saturday").isNull();
    }

    @Test
    void aQuarterNoDayCountedIsFilledBetweenItsNeighbours() {
        LineDay day = LineDay.starting(MONDAY.toEpochDay()).plus(40, 10, 10, QUARTER).plus(43, 40, 40, QUARTER);
        LineProfile profile = LineProfile.after(null, day);
        assertThat(profile.quarter(TUESDAY, 41).both()).isCloseTo(40, within(1e-9));
        assertThat(profile.quarter(TUESDAY, 42).both()).isCloseTo(60, within(1e-9));
        // 09:45 to 11:00 local: a quarter before the first counted one is not known
        assertThat(profile.expected(at("2026-11-24T08:45:00Z"), at("2026-11-24T10:00:00Z"), ZONE)).isNull();
        // 10:07:30 to 10:52:30 local: half of quarter 40, 41 and 42 whole, half of 43
        assertThat(profile.expected(at("2026-11-24T09:07:30Z"), at("2026-11-24T09:52:30Z"), ZONE).both())
                .isCloseTo(20 / 2 + 40 + 60 + 80 / 2, within(1e-9));
    }

    @Test
    void inAndOutAreKeptApartAlsoWhereAQuarterIsFilled() {
        // A morning: quarter 40 lets in three times as many as leave; by quarter 43 it is the other way.
        LineDay day = LineDay.starting(MONDAY.toEpochDay()).plus(40, 30, 10, QUARTER).plus(43, 12, 36, QUARTER);
        LineProfile profile = LineProfile.after(null, day);
        LineProfile.Usual filled = profile.quarter(TUESDAY, 41); // a third of the way from 40 to 43
        assertThat(filled.in()).isCloseTo(30 * 2 / 3.0 + 12 / 3.0, within(1e-9));
        assertThat(filled.out()).isCloseTo(10 * 2 / 3.0 + 36 / 3.0, within(1e-9));
        // 10:00 to 11:00 local, quarters 40 to 43: 30 + 24 + 18 + 12 in, 10 + 18.67 + 27.33 + 36 out
        LineProfile.Usual hour = profile.expected(at("2026-11-24T09:00:00Z"), at("2026-11-24T10:00:00Z"), ZONE);
        assertThat(hour.in()).isCloseTo(84, within(1e-9));
        assertThat(hour.out()).isCloseTo(92, within(1e-9));
    }

    @Test
    void laterDaysWeighMoreAndTheProfileFollowsThem() {
        LineProfile profile = LineProfile.after(null, LineDay.starting(MONDAY.toEpochDay()).plus(40, 5, 5, QUARTER));
        profile = LineProfile.after(profile, LineDay.starting(TUESDAY.toEpochDay()).plus(40, 10, 10, QUARTER));
        assertThat(profile.quarter(TUESDAY, 40).both()).isCloseTo((0.8 * 10 + 20) / 1.8, within(1e-9));
        assertThat(profile.in()).hasSize(3 * 96);
    }
}
