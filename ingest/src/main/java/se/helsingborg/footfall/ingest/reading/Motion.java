package se.helsingborg.footfall.ingest.reading;

import java.util.Objects;

/**
 * What a motion sensor (PIR, thermopile) says of a zone: whether someone is there, and how many
 * movements it saw in its last period when it counts them. It is not a people count: a busy room
 * and a room with one restless reader look alike, so it never feeds occupancy; it tells planners
 * which rooms are used at all.
 *
 * @param occupied true when the sensor reports the zone occupied (null when it reports only counts)
 * @param motionCount movements seen in the period the message covers (null when not counted)
 */
public record Motion(String zoneId, Boolean occupied, Integer motionCount) {
    public Motion {
        Objects.requireNonNull(zoneId, "zoneId");
        if (occupied == null && motionCount == null) {
            throw new IllegalArgumentException("a motion reading needs occupied or a motion count");
        }
        if (motionCount != null && motionCount < 0) {
            throw new IllegalArgumentException("a motion count cannot be negative: " + motionCount);
        }
    }
}
