package se.helsingborg.footfall.jobs.dwell;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import se.helsingborg.footfall.ingest.site.ResetTime;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * A zone's days for dwell: from one of its resets to the next, in the site's time zone, named by
 * the local date whose opening they hold ({@link ResetTime}: with the library's reset at 03:00,
 * Monday's day runs from Monday 03:00 to Tuesday 03:00, so a late evening past midnight still
 * belongs to Monday). The reset is when a zone is expected to be empty, which is what makes
 * Little's law exact over the day.
 */
public record DwellDays(ZoneId timezone) implements Serializable {
    /** The day of {@code zone} that holds the instant (epoch millis). */
    public LocalDate dayOf(Zone zone, long instant) {
        return zone.reset().dayOf(Instant.ofEpochMilli(instant), timezone, zone.hours());
    }

    /** When the zone's day {@code day} starts (epoch millis). */
    public long startOf(Zone zone, LocalDate day) {
        return epochMillis(zone.reset().startOf(day, zone.hours()));
    }

    /** When the zone's day {@code day} ends, exclusive: the next day's start (epoch millis). */
    public long endOf(Zone zone, LocalDate day) {
        return epochMillis(zone.reset().endOf(day, zone.hours()));
    }

    private long epochMillis(LocalDateTime local) {
        return local.atZone(timezone).toInstant().toEpochMilli(); // a reset in a DST gap moves to the gap's end
    }
}
