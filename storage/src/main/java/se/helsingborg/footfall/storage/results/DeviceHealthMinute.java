package se.helsingborg.footfall.storage.results;

import java.time.Instant;

/**
 * A row of {@code device_health}: how a device stood at the end of a minute in which something
 * about it changed — it reported, went offline, or came back. Battery and signal are the last
 * reported (null until reported); {@code counterResets} and {@code rejectedMessages} (messages of
 * the device that could not be used: unreadable, or too late) count since the job first saw the
 * device. {@code lastSeen} is null, and the device offline, while only rejected messages came from it.
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
        int counterResets,
        int rejectedMessages) {}
