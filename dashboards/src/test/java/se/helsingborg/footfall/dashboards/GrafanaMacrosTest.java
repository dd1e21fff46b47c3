package se.helsingborg.footfall.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The expander writes what Grafana's PostgreSQL datasource would send, for the forms the dashboards use. */
class GrafanaMacrosTest {
    private static final TimeRange DAY = new TimeRange(Instant.parse("2026-11-25T23:00:00Z"), Instant.parse("2026-11-27T02:00:00Z"));
    private static final Map<String, TemplateVariable> VARS = Map.of(
            "site", TemplateVariable.single("site", "stadsbiblioteket"),
            "zone", new TemplateVariable("zone", List.of("lib", "lib-o'clock"), true),
            "zone_group", TemplateVariable.single("zone_group", "g"));

    @Test
    void timeMacrosBecomeLiteralsOfTheRange() {
        GrafanaMacros m = new GrafanaMacros(DAY, false);
        assertThat(m.expand("WHERE $__timeFilter(o.minute) AND x < $__timeTo() AND y > $__timeFrom()", VARS))
                .isEqualTo("WHERE o.minute BETWEEN '2026-11-25T23:00:00Z' AND '2026-11-27T02:00:00Z'"
                        + " AND x < '2026-11-27T02:00:00Z' AND y > '2026-11-25T23:00:00Z'");
        assertThat(m.expand("$__unixEpochFilter(t)", VARS)).isEqualTo("t >= 1795647600 AND t <= 1795744800");
    }

    @Test
    void timeGroupIsTimeBucketOnlyWithTimescaleDbOn() {
        String sql = "SELECT $__timeGroupAlias(o.minute, $__interval), $__timeGroup(date_trunc('hour', x), '5m')";
        // 27 hours over 1000 points is 97 s: the next of Grafana's steps is 2 minutes.
        assertThat(new GrafanaMacros(DAY, true).expand(sql, VARS))
                .isEqualTo("SELECT time_bucket('120s', o.minute) AS \"time\", time_bucket('300s', date_trunc('hour', x))");
        assertThat(new GrafanaMacros(DAY, false).expand(sql, VARS))
                .isEqualTo("SELECT floor(extract(epoch FROM o.minute) / 120) * 120 AS \"time\","
                        + " floor(extract(epoch FROM date_trunc('hour', x)) / 300) * 300");
    }

    @Test
    void multiValueVariablesAreQuotedListsAndSingleValuesRaw() {
        GrafanaMacros m = new GrafanaMacros(DAY, false);
        assertThat(m.expand("zone_id IN ($zone) AND site_id = '$site' AND g = '${zone_group}'", VARS))
                .isEqualTo("zone_id IN ('lib','lib-o''clock') AND site_id = 'stadsbiblioteket' AND g = 'g'");
        assertThat(m.expand("site_id = ${site:sqlstring}", VARS)).isEqualTo("site_id = 'stadsbiblioteket'");
    }

    @Test
    void unknownMacrosAndVariablesAreErrorsNotSql() {
        GrafanaMacros m = new GrafanaMacros(DAY, false);
        assertThatThrownBy(() -> m.expand("WHERE $__timeFilters(x)", VARS)).hasMessageContaining("$__timeFilters");
        assertThatThrownBy(() -> m.expand("WHERE zone_id = '$zonee'", VARS)).hasMessageContaining("$zonee");
        assertThatThrownBy(() -> m.expand("WHERE $__timeFilter(x", VARS)).hasMessageContaining("unbalanced");
    }
}
