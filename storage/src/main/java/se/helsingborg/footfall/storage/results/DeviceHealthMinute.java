package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code device_health}: how a device stood at the end of a minute in which something
 * about it changed — it reported, went offline, or came back. Battery and signal are the last
 * reported (null until reported); {@code counterResets} counts since the job first saw the device.
 */
public record DeviceHealthMinute(
        String deviceId,
        Instant minute,
        Instant lastSeen,
        boolean online,
        Integer batteryPercent,
        Integer batteryMillivolts,
        Double rssiDbm,
        Double snrDb,
        int counterResets) {}
