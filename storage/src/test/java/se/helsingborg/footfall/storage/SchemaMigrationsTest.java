package se.helsingborg.footfall.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.helsingborg.footfall.ingest.site.SiteModel;

class SchemaMigrationsTest {
    /** The versions of the migrations, V3 being the engine's own: add each new one here. */
    static final List<Integer> VERSIONS = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    static final int LATEST = VERSIONS.get(VERSIONS.size() - 1);

    /** Every table and view of the schema, on both engines. */
    static final List<String> RELATIONS = List.of("sites", "zones", "gates", "devices", "device_lines", "readings",
            "occupancy", "gate_counts", "occupancy_corrections", "dwell_daily", "dwell_hourly", "flows",
            "zone_transitions", "visitors_daily", "goal_progress", "baseline_visitors", "device_health", "alerts",
            "rejected_messages", "pipeline_minutes", "occupancy_hourly", "occupancy_daily", "gate_counts_hourly", "gate_counts_daily",
            "site_arrivals_daily");

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void createsEveryTableAndIsANoOpTheSecondTime(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            var first = SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS);
            var second = SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS);
            assertThat(first.engine()).isEqualTo(engine == TestEngine.TIMESCALEDB
                    ? DatabaseEngine.TIMESCALEDB : DatabaseEngine.POSTGRESQL);
            assertThat(first.migrationsExecuted()).isEqualTo(VERSIONS.size());
            assertThat(second.migrationsExecuted()).isZero();
            assertThat(relations(db.database())).containsAll(RELATIONS);
        }
    }

    @Test
    void onTimescaleDbTheTimeSeriesAreHypertablesTheRollupsContinuousAggregatesAndPoliciesRun() throws Exception {
        try (TestDatabase db = TestEngine.TIMESCALEDB.create(); Connection c = db.migrated().connect()) {
            assertThat(strings(c, "SELECT hypertable_name FROM timescaledb_information.hypertables"))
                    .containsExactlyInAnyOrder("readings", "occupancy", "gate_counts", "device_health", "rejected_messages");
            assertThat(strings(c, "SELECT view_name FROM timescaledb_information.continuous_aggregates"))
                    .containsExactlyInAnyOrder("occupancy_hourly", "occupancy_daily", "gate_counts_hourly", "gate_counts_daily");
            assertThat(strings(c, "SELECT hypertable_name FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'"))
                    .containsExactlyInAnyOrder("readings", "occupancy", "gate_counts", "device_health");
            assertThat(strings(c, "SELECT hypertable_name FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"))
                    .as("raw readings expire; results are kept for ever").containsExactly("readings");
            assertThat(strings(c, "SELECT count(*) FROM timescaledb_information.jobs"
                    + " WHERE proc_name = 'policy_refresh_continuous_aggregate'")).containsExactly("4");
            assertThat(TimescalePolicies.rawRetention(c)).contains(Duration.ofDays(90));
            assertThat(TimescalePolicies.compressAfter(c, "occupancy")).contains(Duration.ofDays(7));
        }
    }

    @Test
    void onPlainPostgresqlTheRollupsAreViewsAndNothingNeedsTimescaleDb() throws Exception {
        try (TestDatabase db = TestEngine.POSTGRESQL.create(); Connection c = db.migrated().connect()) {
            assertThat(strings(c, "SELECT extname FROM pg_extension")).doesNotContain("timescaledb");
            assertThat(strings(c, "SELECT viewname FROM pg_views WHERE schemaname = 'public'")).containsExactlyInAnyOrder(
                    "flows", "goal_progress", "occupancy_hourly", "occupancy_daily", "gate_counts_hourly", "gate_counts_daily",
                    "site_arrivals_daily");
        }
    }

    @Test
    void anOperatorCanChangeRetentionAndCompressionAndAJobStartingLaterKeepsThem() throws Exception {
        try (TestDatabase db = TestEngine.TIMESCALEDB.create()) {
            SchemaSettings custom = new SchemaSettings(SchemaSettings.DEFAULTS.timezone(), Duration.ofDays(30), Duration.ofDays(2));
            SchemaMigrations.migrate(db.database(), custom);
            SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS); // what a job does at start
            try (Connection c = db.database().connect()) {
                assertThat(TimescalePolicies.rawRetention(c)).contains(Duration.ofDays(30));
                assertThat(TimescalePolicies.compressAfter(c, "readings")).contains(Duration.ofDays(2));
                assertThat(strings(c, "SELECT count(*) FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"))
                        .containsExactly("1");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void migratesFromEveryEarlierVersionKeepingTheData(TestEngine engine) throws Exception {
        for (String from : List.of("1", "2", "3")) {
            try (TestDatabase db = engine.create()) {
                try (OneConnection session = SchemaMigrations.session(db.database())) {
                    SchemaMigrations.configure(session, engine(engine), SchemaSettings.DEFAULTS).target(from).load().migrate();
                }
                try (Connection c = db.database().connect(); Statement s = c.createStatement()) {
                    s.execute("INSERT INTO sites (site_id, name, timezone) VALUES ('lib', 'Library', 'Europe/Stockholm')");
                    s.execute(from.equals("1")
                            ? "INSERT INTO occupancy (zone_id, minute, occupancy, entries, exits)"
                                    + " VALUES ('lib', '2026-11-23 09:00Z', 12, 14, 2)"
                            : "INSERT INTO occupancy (zone_id, minute, occupancy, max_occupancy, entries, exits)"
                                    + " VALUES ('lib', '2026-11-23 09:00Z', 12, 12, 14, 2)");
                    s.execute("INSERT INTO visitors_daily VALUES ('lib', '2026-11-23', 14)");
                }
                var outcome = SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS);
                assertThat(outcome.migrationsExecuted()).as("from V" + from).isEqualTo((int) VERSIONS.stream().filter(v -> v > Integer.parseInt(from)).count());
                try (Connection c = db.database().connect()) {
                    assertThat(strings(c, "SELECT occupancy || '/' || max_occupancy || '/' || entries FROM occupancy"))
                            .as("a minute written before max_occupancy existed").containsExactly("12/12/14");
                    assertThat(strings(c, "SELECT visitors FROM visitors_daily")).containsExactly("14");
                    assertThat(strings(c, "SELECT max_occupancy || '/' || entries FROM occupancy_hourly"))
                            .as("the rollups include rows from before they existed").containsExactly("12/14");
                }
            }
        }
    }

    @Test
    void dwellRowsOfEveryMethodBeforeV10StayAndDeconvolutionIsAllowedWithThem() throws Exception {
        try (TestDatabase db = TestEngine.POSTGRESQL.create()) {
            try (OneConnection session = SchemaMigrations.session(db.database())) {
                SchemaMigrations.configure(session, engine(TestEngine.POSTGRESQL), SchemaSettings.DEFAULTS).target("9").load().migrate();
            }
            try (Connection c = db.database().connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO dwell_daily VALUES ('lib', '2026-11-23', 'fifo', 10, 2700, 2700, 3000)");
            }
            SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS);
            try (Connection c = db.database().connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO dwell_daily VALUES ('lib', '2026-11-23', 'deconvolution', 10, NULL, 2200, 5400)");
                s.execute("INSERT INTO dwell_hourly VALUES ('lib', '2026-11-23', 9, 'deconvolution', 4, NULL, 2100, 5000)");
                assertThat(strings(c, "SELECT method FROM dwell_daily ORDER BY method")).containsExactly("deconvolution", "fifo");
                assertThatThrownBy(() -> s.execute("INSERT INTO dwell_daily VALUES ('lib', '2026-11-23', 'guess', 1, 1, 1, 1)"))
                        .hasMessageContaining("dwell_daily_method_check");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void rowsWrittenBeforeV9SayNothingWasEstimatedAndTheEstimatesCannotGoNegative(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            try (OneConnection session = SchemaMigrations.session(db.database())) {
                SchemaMigrations.configure(session, engine(engine), SchemaSettings.DEFAULTS).target("8").load().migrate();
            }
            try (Connection c = db.database().connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO gate_counts VALUES ('main-entrance', '2026-11-23 09:00Z', 14, 2)");
                s.execute("INSERT INTO visitors_daily VALUES ('lib', '2026-11-23', 14)");
                if (engine == TestEngine.TIMESCALEDB) {
                    // the new columns must reach rows already in compressed chunks too
                    s.execute("SELECT compress_chunk(ch) FROM show_chunks('gate_counts') ch");
                }
            }
            assertThat(SchemaMigrations.migrate(db.database(), SchemaSettings.DEFAULTS).migrationsExecuted())
                    .as("V9 and those after it").isEqualTo(VERSIONS.size() - VERSIONS.indexOf(9));
            try (Connection c = db.database().connect(); Statement s = c.createStatement()) {
                assertThat(strings(c, "SELECT entries || '/' || exits || '/' || estimated_entries || '/' || estimated_exits"
                        + " FROM gate_counts")).containsExactly("14/2/0/0");
                assertThat(strings(c, "SELECT visitors || '/' || estimated_visitors FROM visitors_daily")).containsExactly("14/0");
                // a writer that names only the old columns still writes rows that say nothing was estimated
                s.execute("INSERT INTO gate_counts (gate_id, minute, entries, exits) VALUES ('park-door', '2026-11-23 09:01Z', 3, 1)");
                assertThat(strings(c, "SELECT estimated_entries + estimated_exits FROM gate_counts WHERE gate_id = 'park-door'"))
                        .containsExactly("0");
                assertThatThrownBy(() -> s.execute("INSERT INTO gate_counts VALUES ('park-door', '2026-11-23 09:02Z', 3, 1, -1, 0)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("estimated_entries_check");
                assertThatThrownBy(() -> s.execute("INSERT INTO visitors_daily VALUES ('park', '2026-11-23', 3, -1)"))
                        .isInstanceOf(SQLException.class).hasMessageContaining("estimated_visitors_check");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void aMigrationThatFailsLeavesTheDatabaseAsItWas(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Database database = db.migrated();
            try (OneConnection session = SchemaMigrations.session(database)) {
                Flyway broken = SchemaMigrations.configure(session, engine(engine), SchemaSettings.DEFAULTS)
                        .locations("classpath:db/migration", engine(engine).migrations, "classpath:db/broken").load();
                assertThatThrownBy(broken::migrate).isInstanceOf(FlywayException.class).hasMessageContaining("no_such_table");
            }
            assertThat(relations(database)).doesNotContain("half_made");
            try (Connection c = database.connect()) {
                assertThat(strings(c, "SELECT max(version::int) FROM flyway_schema_history WHERE success")).containsExactly(String.valueOf(LATEST));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void siteModelIsWrittenOnceHoweverOftenItIsWritten(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create()) {
            Database database = db.migrated();
            SiteModel example = SiteModel.example();
            SiteModelTables.write(database, example);
            SiteModelTables.write(database, example);
            try (Connection c = database.connect()) {
                assertThat(strings(c, "SELECT count(*) || '/' || sum(capacity) FROM zones")).containsExactly(
                        example.zones().size() + "/" + example.zones().stream().mapToInt(z -> z.capacity()).sum());
                // The alert levels in people, from the site file's shares: the library's 1200 at 85 % and 100 %.
                assertThat(strings(c, "SELECT busy_at || '/' || full_at FROM zones WHERE zone_id = 'lib'"))
                        .containsExactly("1020/1200");
                assertThat(strings(c, "SELECT count(*) FROM devices")).containsExactly(String.valueOf(example.devices().size()));
                long lines = example.devices().stream().mapToLong(d -> d.lines().size()).sum();
                assertThat(strings(c, "SELECT count(*) FROM device_lines")).containsExactly(String.valueOf(lines));
                assertThat(strings(c, "SELECT goal_multiplier FROM sites WHERE goal_baseline_visitors IS NOT NULL"))
                        .isNotEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void resultRowsRejectNegativeOccupancy(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create(); Connection c = db.migrated().connect()) {
            assertThatThrownBy(() -> c.createStatement().execute(
                    "INSERT INTO occupancy VALUES ('lib', now(), -1, 0, 0, 0)"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("occupancy_check");
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithHowToStartIt() {
        Database nowhere = new Database("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "postgres");
        assertThatThrownBy(() -> SchemaMigrations.apply(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the database")
                .hasMessageContaining("pg_ctlcluster");
    }

    private static DatabaseEngine engine(TestEngine engine) {
        return engine == TestEngine.TIMESCALEDB ? DatabaseEngine.TIMESCALEDB : DatabaseEngine.POSTGRESQL;
    }

    static List<String> strings(Connection c, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    static List<String> relations(Database db) throws SQLException {
        try (Connection c = db.connect()) {
            return strings(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
        }
    }
}
