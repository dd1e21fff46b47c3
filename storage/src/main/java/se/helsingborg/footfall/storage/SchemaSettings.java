package se.helsingborg.footfall.storage;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the schema is built with: the time zone whose local days the daily rollups follow (the
 * site file's), and on TimescaleDB how long raw readings are kept and when chunks are compressed.
 */
public record SchemaSettings(ZoneId timezone, Duration rawRetention, Duration compressAfter) {
    public static final SchemaSettings DEFAULTS =
            new SchemaSettings(ZoneId.of("Europe/Stockholm"), Duration.ofDays(90), Duration.ofDays(7));

    public SchemaSettings {
        Objects.requireNonNull(timezone, "timezone");
        if (rawRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("raw readings must be kept at least a day, not " + rawRetention);
        }
        if (compressAfter.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("chunks can be compressed after an hour at the earliest, not " + compressAfter);
        }
    }

    public SchemaSettings withTimezone(ZoneId zone) {
        return new SchemaSettings(zone, rawRetention, compressAfter);
    }

    /** The values the migrations' placeholders take. */
    Map<String, String> placeholders() {
        return Map.of("timezone", timezone.getId());
    }
}
