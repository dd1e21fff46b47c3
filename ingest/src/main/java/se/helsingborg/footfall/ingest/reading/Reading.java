package se.helsingborg.footfall.ingest.reading;

import java.time.Instant;
import java.util.Objects;

/**
 * The canonical form of one thing a sensor said (DESIGN §4), whatever its model and network.
 * Exactly one of the measurement fields is set; the others are null. They are separate fields
 * rather than one polymorphic field so that Flink serialises readings as plain records.
 *
 * @param deviceId DevEUI (lower-case hex) or the IP counter's own name
 * @param eventTime when the sensor measured; for a period count, when the period ended
 * @param receivedTime when the network server (or, failing that, Footfall) received the message
 * @param frameCounter LoRaWAN FCnt or the message id; with the device it identifies a message
 */
public record Reading(
        String deviceId,
        Instant eventTime,
        Instant receivedTime,
        long frameCounter,
        LineCrossings lineCrossings,
        AreaCount areaCount,
        Environment environment,
        DeviceStatus deviceStatus,
        Motion motion,
        Anchor anchor,
        PresenceToken presence) {

    public Reading {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(receivedTime, "receivedTime");
        int set = (lineCrossings == null ? 0 : 1) + (areaCount == null ? 0 : 1) + (environment == null ? 0 : 1)
                + (deviceStatus == null ? 0 : 1) + (motion == null ? 0 : 1) + (anchor == null ? 0 : 1)
                + (presence == null ? 0 : 1);
        if (set != 1) {
            throw new IllegalArgumentException("a reading carries exactly one measurement, not " + set);
        }
    }

    /**
     * What makes this reading the same as another: device, frame counter and which part of the
     * message it is. A message delivered twice yields readings with equal identities. Counts a
     * device kept and sent later (historical data) carry their own time, which tells them apart
     * within one message.
     */
    public String identity() {
        String kept = eventTime.equals(receivedTime) ? "" : "@" + eventTime.toEpochMilli();
        return deviceId + "/" + frameCounter + "/" + part() + kept;
    }

    /** Which part of its message this reading is: {@code line-1-period}, {@code area}, {@code status}, … */
    public String part() {
        return lineCrossings != null
                ? "line-" + lineCrossings.line() + (lineCrossings.cumulative() ? "-total" : "-period")
                : anchor != null ? "anchor-" + anchor.zoneId()
                // one message lists every device seen, so each token is a part of its own
                : presence != null ? "presence-" + presence.token()
                : kind();
    }

    /**
     * The kind of measurement: {@code line}, {@code area}, {@code environment}, {@code motion},
     * {@code status}, {@code presence} for a sighting of a presence token, or {@code anchor} for a
     * manual recount.
     */
    public String kind() {
        return lineCrossings != null ? "line" : areaCount != null ? "area" : environment != null ? "environment"
                : motion != null ? "motion" : anchor != null ? "anchor" : presence != null ? "presence" : "status";
    }

    /**
     * Whether a device said this. A manual recount ({@link #anchor}) travels with the readings, so it
     * gets the same event time, watermarks and duplicate filter, but it is nobody's device: device
     * health and the raw readings table leave it out.
     */
    public boolean fromDevice() {
        return anchor == null;
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, LineCrossings lc) {
        return new Reading(device, time, received, fCnt, lc, null, null, null, null, null, null);
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, AreaCount area) {
        return new Reading(device, time, received, fCnt, null, area, null, null, null, null, null);
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, Environment environment) {
        return new Reading(device, time, received, fCnt, null, null, environment, null, null, null, null);
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, DeviceStatus status) {
        return new Reading(device, time, received, fCnt, null, null, null, status, null, null, null);
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, Motion motion) {
        return new Reading(device, time, received, fCnt, null, null, null, null, motion, null, null);
    }

    public static Reading of(String source, Instant time, Instant received, long id, Anchor anchor) {
        return new Reading(source, time, received, id, null, null, null, null, null, anchor, null);
    }

    public static Reading of(String device, Instant time, Instant received, long fCnt, PresenceToken presence) {
        return new Reading(device, time, received, fCnt, null, null, null, null, null, null, presence);
    }
}
