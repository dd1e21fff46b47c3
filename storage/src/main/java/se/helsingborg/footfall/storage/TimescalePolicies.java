package se.helsingborg.footfall.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The background jobs TimescaleDB runs for Footfall's schema:
 * <ul>
 *   <li>rollups refresh every 5 minutes over a window reaching back 3 days (hourly) or 7 days
 *       (daily), so late readings the job corrects reach them too; older results a replay
 *       rewrites are refreshed by {@link #refreshRollups};</li>
 *   <li>chunks older than the compress-after age are compressed (upserts into them still work);</li>
 *   <li>raw readings are dropped after the retention age; results have no retention at all.</li>
 * </ul>
 * The policies live in the database (TimescaleDB's job table) and are the only record of the
 * chosen ages: a job starting up creates missing ones and leaves existing ones as an operator set
 * them with {@code ./footfall migrate --raw-retention … --compress-after …} (see {@link #apply}).
 */
public final class TimescalePolicies {
    static final List<String> COMPRESSED = List.of("readings", "occupancy", "gate_counts", "device_health");
    static final List<String> ROLLUPS = List.of("occupancy_hourly", "gate_counts_hourly", "occupancy_daily", "gate_counts_daily");

    private TimescalePolicies() {}

    public static final Duration DEFAULT_RAW_RETENTION = Duration.ofDays(90);
    public static final Duration DEFAULT_COMPRESS_AFTER = Duration.ofDays(7);

    /**
     * Creates the policies that are missing and replaces those whose age is given: a null age
     * leaves its policy as it stands, or creates it with its default where there is none.
     */
    public static void apply(Connection c, Duration rawRetention, Duration compressAfter) throws SQLException {
        ensureRefreshPolicies(c);
        try (Statement s = c.createStatement()) {
            for (String table : COMPRESSED) {
                if (compressAfter != null) {
                    s.execute("SELECT remove_compression_policy('" + table + "', if_exists => true)");
                }
                s.execute("SELECT add_compression_policy('" + table + "', compress_after => "
                        + interval(compressAfter != null ? compressAfter : DEFAULT_COMPRESS_AFTER) + ", if_not_exists => true)");
            }
            if (rawRetention != null) {
                s.execute("SELECT remove_retention_policy('readings', if_exists => true)");
            }
            s.execute("SELECT add_retention_policy('readings', drop_after => "
                    + interval(rawRetention != null ? rawRetention : DEFAULT_RAW_RETENTION) + ", if_not_exists => true)");
        }
    }

    private static void ensureRefreshPolicies(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String rollup : ROLLUPS) {
                String window = rollup.endsWith("_hourly") ? "3 days" : "7 days";
                s.execute("SELECT add_continuous_aggregate_policy('" + rollup + "', start_offset => INTERVAL '" + window
                        + "', end_offset => NULL, schedule_interval => INTERVAL '5 minutes', if_not_exists => true)");
            }
        }
    }

    /** How long raw readings are kept, as the retention policy says; empty when there is none. */
    public static Optional<Duration> rawRetention(Connection c) throws SQLException {
        return policyAge(c, "policy_retention", "readings", "drop_after");
    }

    /** The age at which chunks of {@code table} are compressed; empty when there is no policy. */
    public static Optional<Duration> compressAfter(Connection c, String table) throws SQLException {
        return policyAge(c, "policy_compression", table, "compress_after");
    }

    private static Optional<Duration> policyAge(Connection c, String proc, String table, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT extract(epoch FROM (config ->> ?)::interval)::bigint FROM timescaledb_information.jobs
                WHERE proc_name = ? AND hypertable_name = ?""")) {
            s.setString(1, key);
            s.setString(2, proc);
            s.setString(3, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(Duration.ofSeconds(r.getLong(1))) : Optional.empty();
            }
        }
    }

    /**
     * Brings the rollups up to date for [from, to): a replay that rewrote results older than the
     * refresh windows calls this, or the rollups would keep the old figures.
     */
    public static void refreshRollups(Connection c, java.time.Instant from, java.time.Instant to) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true); // refresh_continuous_aggregate refuses to run inside a transaction
        try {
            for (String rollup : ROLLUPS) {
                try (PreparedStatement s = c.prepareStatement("CALL refresh_continuous_aggregate(?::regclass, ?, ?)")) {
                    s.setString(1, rollup);
                    s.setObject(2, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
                    s.setObject(3, java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
                    s.execute();
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String interval(Duration d) {
        return "INTERVAL '" + d.toSeconds() + " seconds'";
    }
}
