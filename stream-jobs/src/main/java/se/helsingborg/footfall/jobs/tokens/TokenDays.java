package se.helsingborg.footfall.jobs.tokens;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The local days of presence tokens. A token lives for one local date of the site's time zone (its
 * key rotates at midnight, see {@code PresenceTokens}), so every session and transition of a token
 * belongs to that date, and everything about a date is settled once the watermark has passed its
 * midnight by the session gap (the last sessions have closed).
 */
record TokenDays(ZoneId timezone) implements Serializable {
    LocalDate dayOf(long instant) {
        return LocalDate.ofInstant(Instant.ofEpochMilli(instant), timezone);
    }

    /** The first instant after the date (epoch millis). */
    long endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(timezone).toInstant().toEpochMilli();
    }
}
