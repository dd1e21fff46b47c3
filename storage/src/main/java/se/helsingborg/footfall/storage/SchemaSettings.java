package se.helsingborg.footfall.storage;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * What the schema is built with: the time zone whose local days the daily rollups follow (the
 * site file's), and on TimescaleDB how long raw readings are kept and when chunks are compressed.
 * An age left null keeps the policy as it stands, or creates it with its default
 * ({@link TimescalePolicies#DEFAULT_RAW_RETENTION}, {@link TimescalePolicies#DEFAULT_COMPRESS_AFTER})
 * where there is none: a job starting up never undoes what an operator set.
 */
public record SchemaSettings(ZoneId timezone, Duration rawRetention, Duration compressAfter) {
    public static final SchemaSettings DEFAULTS = new SchemaSettings(ZoneId.of("Europe/Stockholm"), null, null);

    public SchemaSettings {
        Objects.requireNonNull(timezone, "timezone");
        if (rawRetention != null && rawRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("raw readings must be kept at least a day, not " + rawRetention);
        }
        if (compressAfter != null && compressAfter.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("chunks can be compressed after an hour at the earliest, not " + compressAfter);
        }
    }

    public SchemaSettings withTimezone(ZoneId zone) {
        return new SchemaSettings(zone, rawRetention, compressAfter);
    }

    /** True when an age is given, to be set whatever stood before. */
    public boolean setsPolicies() {
        return rawRetention != null || compressAfter != null;
    }

    /** The values the migrations' placeholders take. */
    Map<String, String> placeholders() {
        return Map.of("timezone", timezone.getId());
    }
}
