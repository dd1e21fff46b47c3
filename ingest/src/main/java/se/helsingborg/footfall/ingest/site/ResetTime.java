package se.helsingborg.footfall.ingest.site;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a zone's occupancy is reset to zero (if the zone is closed then, DESIGN §5), and so where one
 * of its days ends and the next begins. Written in the site file as a time of day ({@code "03:00"})
 * or relative to the day's closing ({@code "closing"}, {@code "closing+30m"}, {@code "closing+1h"}).
 *
 * <p>A fixed time resets every night at that time; day {@code D} runs from {@code D} at that time to
 * the next day at that time, so with 03:00 a late evening past midnight still belongs to {@code D}.
 * A reset after closing follows the opening hours: it comes that long after the last period of each
 * day the zone opens ends, so drift left by the day's counting shows only until shortly after
 * closing instead of all night, and no reset comes on a day the zone stays closed. Day {@code D}
 * then runs from the previous reset to the reset after {@code D}'s closing: it holds {@code D}'s
 * opening hours, and the hours of closed days before it.
 *
 * <p>{@code whileOpen}: the zone is reset at its time of day even when it is open then (site file
 * {@code reset_while_open: true}), for a zone that never closes but is as good as empty at some hour,
 * such as a park before dawn. Without it an always-open zone is never reset and its count keeps
 * whatever its counters drift, day after day.
 */
public record ResetTime(LocalTime at, Duration afterClosing, boolean whileOpen) implements Serializable {
    /** Where the site file names none: 03:00, when libraries and most parks are empty. */
    public static final ResetTime DEFAULT = at(LocalTime.of(3, 0));

    /** Days a search for the next opening day looks ahead or back: a week and a day. */
    private static final int WEEK = 8;

    private static final Pattern CLOSING = Pattern.compile("closing(?:\\s*\\+\\s*(\\d+)\\s*([mh]))?");

    public ResetTime {
        if ((at == null) == (afterClosing == null)) {
            throw new IllegalArgumentException("a reset is either a time of day or a time after closing");
        }
        if (afterClosing != null && (afterClosing.isNegative() || afterClosing.compareTo(Duration.ofHours(12)) > 0)) {
            throw new IllegalArgumentException("a reset comes 0 to 12 hours after closing, not " + afterClosing);
        }
        if (whileOpen && afterClosing != null) {
            throw new IllegalArgumentException("a reset after closing comes when the zone is closed; only a reset at a"
                    + " time of day can be one while it is open");
        }
    }

    public static ResetTime at(LocalTime time) {
        return new ResetTime(Objects.requireNonNull(time, "reset time"), null, false);
    }

    public static ResetTime afterClosing(Duration delay) {
        return new ResetTime(null, Objects.requireNonNull(delay, "delay after closing"), false);
    }

    /** The same reset, made also when the zone is open at that time. */
    public ResetTime evenWhileOpen() {
        return new ResetTime(at, afterClosing, true);
    }

    /** Whether a zone with these hours is reset at this local minute: its reset minute, and closed then unless {@link #whileOpen}. */
    public boolean resetsAt(LocalDateTime local, OpeningHours hours) {
        return isResetMinute(local, hours) && (whileOpen || !hours.isOpen(local));
    }

    /** Whether a zone with these hours is ever reset: an always-open zone only {@link #whileOpen}. */
    public boolean everResets(OpeningHours hours) {
        return whileOpen || !hours.isAlways();
    }

    /**
     * Reads the site file's form.
     *
     * @throws IllegalArgumentException saying what forms there are
     */
    public static ResetTime parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = CLOSING.matcher(s);
        if (m.matches()) {
            if (m.group(1) == null) {
                return afterClosing(Duration.ZERO);
            }
            long n = Long.parseLong(m.group(1));
            return afterClosing(m.group(2).equals("h") ? Duration.ofHours(n) : Duration.ofMinutes(n));
        }
        try {
            return at(LocalTime.parse(s));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "reset must be a time of day (\"03:00\") or a time after closing (\"closing+30m\"), not '" + text + "'", e);
        }
    }

    public boolean followsClosing() {
        return afterClosing != null;
    }

    /** Whether the zone resets at this local minute (seconds ignored). */
    public boolean isResetMinute(LocalDateTime local, OpeningHours hours) {
        LocalDateTime minute = local.withSecond(0).withNano(0);
        if (at != null) {
            return minute.toLocalTime().equals(at);
        }
        LocalDate date = minute.toLocalDate();
        return minute.equals(resetAfter(date, hours)) || minute.equals(resetAfter(date.minusDays(1), hours));
    }

    /** The day that holds the instant, named by its local date. */
    public LocalDate dayOf(Instant t, ZoneId timezone, OpeningHours hours) {
        LocalDateTime local = LocalDateTime.ofInstant(t, timezone);
        if (at != null) {
            return local.toLocalTime().isBefore(at) ? local.toLocalDate().minusDays(1) : local.toLocalDate();
        }
        // the first reset after the instant ends its day; a reset may fall past midnight
        for (LocalDate d = local.toLocalDate().minusDays(1); d.isBefore(local.toLocalDate().plusDays(WEEK)); d = d.plusDays(1)) {
            LocalDateTime reset = resetAfter(d, hours);
            if (reset != null && reset.isAfter(local)) {
                return d;
            }
        }
        return local.toLocalDate(); // opening hours with no period at all: every date is its own day
    }

    /** When day {@code day} starts, local: the reset before it. */
    public LocalDateTime startOf(LocalDate day, OpeningHours hours) {
        if (at != null) {
            return day.atTime(at);
        }
        for (LocalDate d = day.minusDays(1); d.isAfter(day.minusDays(WEEK)); d = d.minusDays(1)) {
            LocalDateTime reset = resetAfter(d, hours);
            if (reset != null) {
                return reset;
            }
        }
        return day.atStartOfDay();
    }

    /** When day {@code day} ends, exclusive, local: its own reset, or the next day's start. */
    public LocalDateTime endOf(LocalDate day, OpeningHours hours) {
        if (at != null) {
            return day.plusDays(1).atTime(at);
        }
        // a closed day is no day of its own: its hours belong to the next day the zone opens
        for (LocalDate d = day; d.isBefore(day.plusDays(WEEK)); d = d.plusDays(1)) {
            LocalDateTime reset = resetAfter(d, hours);
            if (reset != null) {
                return reset;
            }
        }
        return day.plusDays(1).atStartOfDay();
    }

    /** The reset after date {@code d}'s closing, local; null on a day without opening hours. */
    LocalDateTime resetAfter(LocalDate d, OpeningHours hours) {
        if (hours.isAlways()) {
            return null;
        }
        LocalDateTime closing = null;
        for (OpeningHours.Period p : hours.on(d.getDayOfWeek())) {
            LocalDateTime c = p.pastMidnight() ? d.plusDays(1).atTime(p.close()) : d.atTime(p.close());
            if (closing == null || c.isAfter(closing)) {
                closing = c;
            }
        }
        return closing == null ? null : closing.plus(afterClosing);
    }

    @Override
    public String toString() {
        if (at != null) {
            return whileOpen ? at + " (even while open)" : at.toString();
        }
        return afterClosing.isZero() ? "closing" : "closing+" + afterClosing.toMinutes() + "m";
    }
}
