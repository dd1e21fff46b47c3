package se.helsingborg.footfall.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The goal progress view (DESIGN §5) on both engines, with an annual baseline and with a daily one. */
class GoalProgressTest {
    /** 2026-01-01 … 2026-01-10 with 1500 visitors each: 15,000 by the tenth day of a 365-day year. */
    private static void tenDaysOf2026(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO sites (site_id, name, timezone, goal_baseline_year, goal_baseline_visitors,"
                    + " goal_multiplier, goal_target_year) VALUES ('lib', 'Library', 'Europe/Stockholm', 2024, 365000, 2.0, 2030)");
            s.execute("INSERT INTO sites (site_id, name, timezone) VALUES ('park', 'Park', 'Europe/Stockholm')");
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO visitors_daily VALUES (?, ?, ?)")) {
            for (int d = 0; d < 10; d++) {
                for (String site : new String[] {"lib", "park"}) {
                    p.setString(1, site);
                    p.setObject(2, LocalDate.of(2026, 1, 1).plusDays(d));
                    p.setLong(3, 1500);
                    p.executeUpdate();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void withAnAnnualBaselineTheTargetIsProRata(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create(); Connection c = db.migrated().connect()) {
            tenDaysOf2026(c);
            try (ResultSet r = c.createStatement().executeQuery(
                    "SELECT * FROM goal_progress WHERE site_id = 'lib' AND day = '2026-01-10'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong("ytd_visitors")).isEqualTo(15_000);
                assertThat(r.getDouble("baseline_ytd")).isCloseTo(10_000, within(1e-6));   // 365,000 × 10 / 365
                assertThat(r.getDouble("target_ytd")).isCloseTo(20_000, within(1e-6));
                assertThat(r.getDouble("share_of_target")).isCloseTo(0.75, within(1e-9));
                assertThat(r.getDouble("projected_year_end")).isCloseTo(547_500, within(1e-6)); // 15,000 × 365 / 10
                assertThat(r.getDouble("target_year")).isCloseTo(730_000, within(1e-6));
                assertThat(r.getDouble("needed_per_day")).isCloseTo((730_000 - 15_000) / 355.0, within(1e-6));
                assertThat(r.getString("baseline_method")).isEqualTo("pro-rata");
            }
            try (ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM goal_progress WHERE site_id = 'park'")) {
                r.next();
                assertThat(r.getInt(1)).as("a site without a goal has no progress").isZero();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestEngine.class)
    void withTheBaselineYearsDaysLoadedTheTargetAndProjectionFollowItsSeasons(TestEngine engine) throws Exception {
        try (TestDatabase db = engine.create(); Connection c = db.migrated().connect()) {
            tenDaysOf2026(c);
            // 2024 (366 days): a quiet start of 500 a day, then 1000 a day.
            try (PreparedStatement p = c.prepareStatement("INSERT INTO baseline_visitors VALUES ('lib', ?, ?)")) {
                for (LocalDate d = LocalDate.of(2024, 1, 1); d.getYear() == 2024; d = d.plusDays(1)) {
                    p.setObject(1, d);
                    p.setLong(2, d.getDayOfYear() <= 10 ? 500 : 1000);
                    p.addBatch();
                    if (d.getDayOfYear() % 5 == 0) {
                        p.executeBatch(); // short batches: see TestTimescale
                    }
                }
                p.executeBatch();
            }
            long annual = 10 * 500 + 356 * 1000;
            try (ResultSet r = c.createStatement().executeQuery(
                    "SELECT * FROM goal_progress WHERE site_id = 'lib' AND day = '2026-01-10'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getDouble("baseline_ytd")).isCloseTo(5_000, within(1e-6));
                assertThat(r.getDouble("share_of_target")).isCloseTo(1.5, within(1e-9));   // 15,000 / (5,000 × 2)
                assertThat(r.getDouble("projected_year_end")).isCloseTo(15_000.0 * annual / 5_000, within(1e-6));
                assertThat(r.getDouble("target_year")).isCloseTo(2.0 * annual, within(1e-6));
                assertThat(r.getString("baseline_method")).isEqualTo("daily");
            }
        }
    }
}
