package se.helsingborg.footfall.ingest.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResetTimeTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    /** The example library's hours: weekdays to 20:00, weekends to 16:00. */
    private static final OpeningHours LIBRARY =
            OpeningHours.parse(Map.of("mon-fri", "08:00-20:00", "sat-sun", "10:00-16:00"));
    private static final ResetTime HALF_AN_HOUR_AFTER = ResetTime.afterClosing(Duration.ofMinutes(30));
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final LocalDate SATURDAY = LocalDate.of(2026, 11, 28);

    @Test
    void theSiteFileGivesATimeOfDayOrATimeAfterClosing() {
        assertThat(ResetTime.parse("03:00")).isEqualTo(ResetTime.at(LocalTime.of(3, 0)));
        assertThat(ResetTime.parse("closing")).isEqualTo(ResetTime.afterClosing(Duration.ZERO));
        assertThat(ResetTime.parse("closing+30m")).isEqualTo(HALF_AN_HOUR_AFTER);
        assertThat(ResetTime.parse(" Closing + 1h ")).isEqualTo(ResetTime.afterClosing(Duration.ofHours(1)));
        assertThat(HALF_AN_HOUR_AFTER).hasToString("closing+30m");
        assertThatThrownBy(() -> ResetTime.parse("after hours"))
                .hasMessageContaining("\"closing+30m\"")
                .hasMessageContaining("'after hours'");
        assertThatThrownBy(() -> ResetTime.parse("closing+13h")).hasMessageContaining("0 to 12 hours");
    }

    @Test
    void aResetAfterClosingFollowsEachDaysHours() {
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(MONDAY.atTime(20, 30), LIBRARY)).isTrue();
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(MONDAY.atTime(20, 30, 40), LIBRARY)).as("seconds ignored").isTrue();
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(MONDAY.atTime(20, 31), LIBRARY)).isFalse();
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(SATURDAY.atTime(16, 30), LIBRARY)).isTrue();
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(SATURDAY.atTime(20, 30), LIBRARY)).isFalse();
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(MONDAY.atTime(3, 0), LIBRARY)).isFalse();
        assertThat(ResetTime.DEFAULT.isResetMinute(MONDAY.atTime(3, 0), LIBRARY)).isTrue();
    }

    @Test
    void aResetIsMadeWhileTheZoneIsClosedUnlessItSaysEvenWhileOpen() {
        ResetTime fourAm = ResetTime.parse("04:00");
        OpeningHours nights = OpeningHours.parse(Map.of("mon-sun", "18:00-06:00"));
        assertThat(fourAm.resetsAt(MONDAY.atTime(4, 0), LIBRARY)).isTrue();
        assertThat(fourAm.resetsAt(MONDAY.atTime(4, 0), nights)).as("open then").isFalse();
        assertThat(fourAm.resetsAt(MONDAY.atTime(4, 0), OpeningHours.ALWAYS)).isFalse();
        assertThat(fourAm.evenWhileOpen().resetsAt(MONDAY.atTime(4, 0), nights)).isTrue();
        assertThat(fourAm.evenWhileOpen().resetsAt(MONDAY.atTime(4, 0), OpeningHours.ALWAYS)).isTrue();
        assertThat(fourAm.evenWhileOpen().resetsAt(MONDAY.atTime(4, 1), OpeningHours.ALWAYS)).isFalse();
        assertThat(fourAm.evenWhileOpen()).hasToString("04:00 (even while open)");
        assertThatThrownBy(HALF_AN_HOUR_AFTER::evenWhileOpen).hasMessageContaining("only a reset at a time of day");
    }

    @Test
    void aDayAfterClosingEndsWithItsResetAndHoldsItsOpeningHours() {
        assertThat(day(MONDAY.atTime(8, 0))).isEqualTo(MONDAY);
        assertThat(day(MONDAY.atTime(20, 29))).isEqualTo(MONDAY);
        assertThat(day(MONDAY.atTime(20, 30))).as("the reset starts the next day").isEqualTo(MONDAY.plusDays(1));
        assertThat(day(MONDAY.atTime(2, 0))).as("the small hours belong to the day ahead").isEqualTo(MONDAY);
        assertThat(day(SATURDAY.atTime(17, 0))).isEqualTo(SATURDAY.plusDays(1));
        assertThat(HALF_AN_HOUR_AFTER.startOf(MONDAY, LIBRARY)).isEqualTo(MONDAY.minusDays(1).atTime(16, 30));
        assertThat(HALF_AN_HOUR_AFTER.endOf(MONDAY, LIBRARY)).isEqualTo(MONDAY.atTime(20, 30));
    }

    @Test
    void daysFollowOneAnotherWithoutGapOrOverlap() {
        OpeningHours closedOnSunday = OpeningHours.parse(Map.of("mon-fri", "08:00-20:00", "sat", "10:00-16:00"));
        for (OpeningHours hours : new OpeningHours[] {LIBRARY, closedOnSunday}) {
            for (ResetTime reset : new ResetTime[] {HALF_AN_HOUR_AFTER, ResetTime.DEFAULT}) {
                for (LocalDateTime t = MONDAY.atStartOfDay(); t.isBefore(MONDAY.plusDays(14).atStartOfDay()); t = t.plusMinutes(30)) {
                    LocalDate day = reset.dayOf(t.atZone(STOCKHOLM).toInstant(), STOCKHOLM, hours);
                    assertThat(reset.startOf(day, hours)).as("%s %s: %s starts no later", reset, hours, day).isBeforeOrEqualTo(t);
                    assertThat(reset.endOf(day, hours)).as("%s %s: %s ends after", reset, hours, day).isAfter(t);
                    LocalDate next = reset.dayOf(reset.endOf(day, hours).atZone(STOCKHOLM).toInstant(), STOCKHOLM, hours);
                    assertThat(reset.startOf(next, hours)).as("the next day starts where %s ends", day).isEqualTo(reset.endOf(day, hours));
                }
            }
        }
        // closed on Sunday: Saturday evening and all of Sunday belong to Monday's day
        LocalDateTime sunday = MONDAY.plusDays(6).atTime(12, 0);
        assertThat(HALF_AN_HOUR_AFTER.dayOf(sunday.atZone(STOCKHOLM).toInstant(), STOCKHOLM, closedOnSunday))
                .isEqualTo(MONDAY.plusDays(7));
    }

    @Test
    void aPeriodPastMidnightMovesTheResetIntoTheNextDate() {
        OpeningHours lateBar = OpeningHours.parse(Map.of("fri", "18:00-02:00"));
        LocalDate friday = LocalDate.of(2026, 11, 27);
        assertThat(HALF_AN_HOUR_AFTER.isResetMinute(friday.plusDays(1).atTime(2, 30), lateBar)).isTrue();
        assertThat(HALF_AN_HOUR_AFTER.dayOf(friday.plusDays(1).atTime(1, 0).atZone(STOCKHOLM).toInstant(), STOCKHOLM, lateBar))
                .isEqualTo(friday);
    }

    private static LocalDate day(LocalDateTime local) {
        return HALF_AN_HOUR_AFTER.dayOf(local.atZone(STOCKHOLM).toInstant(), STOCKHOLM, LIBRARY);
    }
}
