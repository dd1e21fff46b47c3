package se.helsingborg.footfall.jobs.health;

import java.time.Instant;

/** A rejected message of a known device, at its reception: what device health counts of it. */
public record DeviceReject(String deviceId, Instant receivedAt) {}
