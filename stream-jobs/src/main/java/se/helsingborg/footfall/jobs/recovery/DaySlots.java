package se.helsingborg.footfall.jobs.recovery;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The quarter hours of the site's local day that a line's profile is kept by ({@link LineProfile}).
 * Local time, not UTC, because what shapes a day is local: opening hours, lunch, school's end, and
 * they stay at their clock time across the change to and from summer time. A quarter hour is
 * short enough to follow a morning ramp and long enough to hold a few crossings even on a quiet
 * line; 96 of them a day keep the state small.
 */
final class DaySlots {
    static final long SLOT_MILLIS = Duration.ofMinutes(15).toMillis();
    static final int PER_DAY = 96;
    /** The kinds of day a profile keeps apart: Monday to Friday, Saturday, Sunday. */
    static final int CLASSES = 3;

    /** The part of a span that falls in one quarter hour of one local day. */
    record Piece(LocalDate day, int slot, long millis) {}

    private DaySlots() {}

    /** The span [{@code from}, {@code to}) in epoch millis, cut at the quarter hours of the local day. */
    static List<Piece> split(long from, long to, ZoneId zone) {
        List<Piece> pieces = new ArrayList<>();
        long t = from;
        while (t < to) {
            ZonedDateTime local = Instant.ofEpochMilli(t).atZone(zone);
            int minuteOfDay = local.getHour() * 60 + local.getMinute();
            long start = local.truncatedTo(ChronoUnit.MINUTES).minusMinutes(minuteOfDay % 15).toInstant().toEpochMilli();
            long end = start + SLOT_MILLIS;
            if (end <= t) {
                end = t + SLOT_MILLIS; // an offset that is no whole quarter hour: cut where it can
            }
            end = Math.min(to, end);
            pieces.add(new Piece(local.toLocalDate(), minuteOfDay / 15, end - t));
            t = end;
        }
        return pieces;
    }

    /**
     * The kind of day, whose profile it is counted in and estimated from. Saturdays and Sundays
     * are kept apart from the weekdays and from each other because their shape differs, not just
     * their level: a library opens later and closes earlier on them (and often differently on the
     * two), a park fills later. Weekdays share one profile because they differ mostly in level,
     * which the estimate takes from the day itself ({@link LostCrossings#fromProfile}), and so a
     * Tuesday can already be estimated from Monday. Public holidays are not known here; they are
     * estimated from the weekday profile at their own level.
     */
    static int dayClass(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d == DayOfWeek.SATURDAY ? 1 : d == DayOfWeek.SUNDAY ? 2 : 0;
    }
}
