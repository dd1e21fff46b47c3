package se.helsingborg.footfall.ingest.site;

import java.time.Duration;

/**
 * When a zone counts as busy or full, for the capacity alerts and the dashboards' thresholds alike:
 * shares of each zone's capacity, one setting for the whole site file so a panel's colours and an
 * alert always agree. An alert starts when occupancy stays at or above its level for
 * {@code minDuration} and ends only when occupancy falls below the level minus {@code hysteresis},
 * so a count flickering at the limit raises one alert, not fifty.
 */
public record AlertSettings(double busy, double full, double hysteresis, Duration minDuration)
        implements java.io.Serializable {
    public static final AlertSettings DEFAULT = new AlertSettings(0.85, 1.0, 0.05, Duration.ofMinutes(2));

    public AlertSettings {
        if (!(busy > 0) || !(full >= busy)) {
            throw new IllegalArgumentException("alerts: busy must be above 0 and full at least busy (shares of capacity),"
                    + " got busy " + busy + ", full " + full);
        }
        if (!(hysteresis >= 0) || hysteresis >= busy) {
            throw new IllegalArgumentException("alerts: hysteresis must be at least 0 and below busy, got " + hysteresis);
        }
        if (minDuration == null || minDuration.isNegative()) {
            throw new IllegalArgumentException("alerts: min_duration must not be negative");
        }
    }

    /** The busy level of a zone in people: the share of its capacity, rounded up. */
    public int busyAt(Zone zone) {
        return people(busy, zone);
    }

    /** The full level of a zone in people: the share of its capacity, rounded up. */
    public int fullAt(Zone zone) {
        return people(full, zone);
    }

    private static int people(double share, Zone zone) {
        return (int) Math.ceil(share * zone.capacity() - 1e-9);
    }
}
