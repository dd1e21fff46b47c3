package se.helsingborg.footfall.ingest.codec;

import java.time.Instant;
import se.helsingborg.footfall.ingest.site.Device;

/** What a codec needs beyond the bytes: the device as the site file knows it, and the message's times. */
public record UplinkContext(Device device, int fPort, long fCnt, Instant time, Instant receivedAt) {}
