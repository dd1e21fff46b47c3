package se.helsingborg.footfall.jobs.dwell;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * A zone's days for dwell: from its reset time to the next one, in the site's time zone, named by
 * the local date they start on (with the library's reset at 03:00, Monday's day runs from Monday
 * 03:00 to Tuesday 03:00, so a late evening past midnight still belongs to Monday). The reset is
 * when a zone is expected to be empty, which is what makes Little's law exact over the day.
 */
public record DwellDays(ZoneId timezone) implements Serializable {
    /** The day of {@code zone} that holds the instant (epoch millis). */
    public LocalDate dayOf(Zone zone, long instant) {
        Instant t = Instant.ofEpochMilli(instant);
        LocalDate date = LocalDate.ofInstant(t, timezone);
        return start(zone, date).toInstant().isAfter(t) ? date.minusDays(1) : date;
    }

    /** When the zone's day {@code day} starts (epoch millis). */
    public long startOf(Zone zone, LocalDate day) {
        return start(zone, day).toInstant().toEpochMilli();
    }

    /** When the zone's day {@code day} ends, exclusive: the next day's start (epoch millis). */
    public long endOf(Zone zone, LocalDate day) {
        return startOf(zone, day.plusDays(1));
    }

    private ZonedDateTime start(Zone zone, LocalDate date) {
        return date.atTime(zone.reset()).atZone(timezone); // a reset in a DST gap moves to the gap's end
    }
}
