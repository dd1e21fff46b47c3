package se.helsingborg.footfall.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.AlertSettings;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.SiteModelTables;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;

/**
 * The provisioning and the dashboards' JSON, checked against each other, the schema and the site
 * file. Queries are run on a migrated PostgreSQL holding only the site model: a query naming a
 * table or column that does not exist fails there, and the result's column names (present even
 * without rows) say what units the panel must show.
 */
class DashboardJsonTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern ENV = Pattern.compile("\\$(\\{\\w+}|__env\\{\\w+})");
    private static TestDatabase db;
    private static Database schema;

    @BeforeAll
    static void migrate() {
        db = TestEngine.POSTGRESQL.create();
        schema = db.migrated();
        SiteModelTables.write(schema, SimulatedDay.SITE);
    }

    @AfterAll
    static void drop() throws SQLException {
        db.close();
    }

    static JsonNode datasource() throws Exception {
        return YAML.readTree(Dashboard.PROVISIONING.resolve("datasources/footfall.yaml").toFile()).path("datasources").path(0);
    }

    @Test
    void theDatasourceIsTimescaleDbWithItsConnectionFromTheEnvironmentAndNoPassword() throws Exception {
        JsonNode ds = datasource();
        assertThat(ds.path("type").asText()).isEqualTo("grafana-postgresql-datasource");
        assertThat(ds.path("jsonData").path("timescaledb").asBoolean()).isTrue();
        for (JsonNode setting : List.of(ds.path("url"), ds.path("user"), ds.path("jsonData").path("database"),
                ds.path("secureJsonData").path("password"))) {
            assertThat(setting.asText()).as("read from the environment").matches(ENV.pattern());
        }
        assertThat(ds.has("password")).as("no plain password field").isFalse();
    }

    @Test
    void theDashboardProviderReadsTheFolderTheDashboardsAreInIntoAFootfallFolder() throws Exception {
        JsonNode provider = YAML.readTree(Dashboard.PROVISIONING.resolve("dashboards/footfall.yaml").toFile())
                .path("providers").path(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("folder").asText()).isEqualTo("Footfall");
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo(DockerComposeTest.grafanaMountOf(Dashboard.FOLDER));
        assertThat(Dashboard.all()).hasSize(4);
    }

    @Test
    void uidsAreUniqueAndEveryPanelQueriesTheProvisionedDatasource() throws Exception {
        String uid = datasource().path("uid").asText();
        String type = datasource().path("type").asText();
        Set<String> uids = new HashSet<>();
        for (Dashboard d : Dashboard.all()) {
            assertThat(d.uid()).as(d.file() + " uid").isNotBlank().hasSizeLessThanOrEqualTo(40);
            assertThat(uids.add(d.uid())).as("uid " + d.uid() + " used twice").isTrue();
            Set<Integer> ids = new HashSet<>();
            for (Panel p : d.panels()) {
                assertThat(ids.add(p.json().path("id").asInt())).as(p + " panel id unique").isTrue();
                assertThat(p.json().path("targets")).as(p + " has exactly one query").hasSize(1);
                assertThat(p.sql()).as(p + " query").isNotBlank();
                assertThat(p.target().path("rawQuery").asBoolean()).as(p + " raw SQL").isTrue();
                for (JsonNode ref : List.of(p.json().path("datasource"), p.target().path("datasource"))) {
                    assertThat(ref.path("uid").asText()).as(p + " datasource").isEqualTo(uid);
                    assertThat(ref.path("type").asText()).as(p + " datasource type").isEqualTo(type);
                }
            }
            for (JsonNode v : d.variables()) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText()).as(d.uid() + " $" + v.path("name").asText()).isEqualTo(uid);
                }
            }
        }
    }

    @Test
    void timeRangesAreSetAndLiveOccupancyRefreshesAtLeastEveryTenSeconds() {
        for (Dashboard d : Dashboard.all()) {
            assertThat(d.json().path("time").path("from").asText()).as(d.uid()).startsWith("now");
            assertThat(d.json().path("time").path("to").asText()).as(d.uid()).startsWith("now");
            assertThat(d.json().path("refresh").asText()).as(d.uid() + " refresh").isNotBlank();
        }
        Dashboard live = Dashboard.all().stream().filter(d -> d.uid().equals("footfall-live")).findFirst().orElseThrow();
        assertThat(GrafanaMacros.seconds(live.json().path("refresh").asText())).isLessThanOrEqualTo(10);
        Set<String> variables = new HashSet<>();
        live.variables().forEach(v -> variables.add(v.path("name").asText()));
        assertThat(variables).contains("site", "zone");
    }

    @Test
    void everyTableAndColumnAPanelNamesExists() throws Exception {
        Map<String, Set<String>> columns = columnsOfEveryRelation();
        for (Panel p : Dashboard.allPanels()) {
            try (Connection c = schema.connect()) {
                new PanelQuery(c, SimulatedDay.RANGE, false).run(p); // fails on any unknown name
            }
            Map<String, String> aliases = relationsNamed(p.sql());
            assertThat(aliases).as(p + " reads at least one table").isNotEmpty();
            for (var alias : aliases.entrySet()) {
                assertThat(columns).as(p + ": " + alias.getValue()).containsKey(alias.getValue());
            }
            Matcher qualified = Pattern.compile("\\b([a-z_]+)\\.([a-z_]+)\\b").matcher(p.sql());
            while (qualified.find()) {
                String relation = aliases.get(qualified.group(1));
                if (relation != null) {
                    assertThat(columns.get(relation)).as(p + ": column " + qualified.group() + " of " + relation)
                            .contains(qualified.group(2));
                }
            }
        }
    }

    @Test
    void numbersCarryTheirUnitsPeoplePercentAndDurations() throws Exception {
        for (Panel p : Dashboard.allPanels()) {
            PanelQuery.Result result;
            try (Connection c = schema.connect()) {
                result = new PanelQuery(c, SimulatedDay.RANGE, false).run(p);
            }
            for (PanelQuery.Column column : result.columns()) {
                String name = column.name();
                if (!column.numeric() || Set.of("time", "latitude", "longitude").contains(name)) {
                    continue;
                }
                String unit = p.unitOf(name);
                String what = p + " column " + name;
                if (name.endsWith("_pct")) {
                    assertThat(unit).as(what).isIn("percent", "percentunit");
                } else if (name.endsWith("_s")) {
                    assertThat(unit).as(what).isIn("s", "dtdurations");
                } else if (name.endsWith("_dbm")) {
                    assertThat(unit).as(what).isEqualTo("dBm");
                } else {
                    assertThat(unit).as(what + " (people or a count)").isEqualTo("short");
                }
            }
            for (JsonNode o : p.json().path("fieldConfig").path("overrides")) {
                if (o.path("matcher").path("id").asText().equals("byName")) {
                    assertThat(result.column(o.path("matcher").path("options").asText()))
                            .as(p + ": override for a column the query returns: " + o.path("matcher")).isNotNull();
                }
            }
        }
    }

    @Test
    void occupancyPanelsShowTheBusyAndFullLevelsTheAlertsUse() {
        AlertSettings alerts = SiteModel.load(Path.of("..", "sites", "helsingborg.yaml")).alerts();
        List<Double> levels = List.of(alerts.busy() * 100, alerts.full() * 100);
        List<Panel> occupancyPanels = new ArrayList<>();
        for (Panel p : Dashboard.allPanels()) {
            boolean readsOccupancy = Pattern.compile("\\b(FROM|JOIN)\\s+occupancy(_hourly|_daily)?\\b").matcher(p.sql()).find();
            if (readsOccupancy && "percent".equals(p.defaults().path("unit").asText())) {
                occupancyPanels.add(p);
                JsonNode steps = p.defaults().path("thresholds").path("steps");
                assertThat(steps).as(p + " thresholds").hasSize(3);
                assertThat(steps.get(0).path("value").isNull()).as(p + " base step").isTrue();
                assertThat(List.of(steps.get(1).path("value").asDouble(), steps.get(2).path("value").asDouble()))
                        .as(p + ": busy and full levels").isEqualTo(levels);
                assertThat(p.defaults().path("thresholds").path("mode").asText()).isEqualTo("absolute");
            }
        }
        assertThat(occupancyPanels).extracting(Panel::title).contains("Occupancy against capacity", "Zones on the map",
                "Occupancy over the last hours, share of capacity", "Hour of day × weekday: $zone");
    }

    private Map<String, Set<String>> columnsOfEveryRelation() throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), t -> new HashSet<>()).add(rs.getString(2));
            }
        }
        return out;
    }

    /**
     * The relations a query reads, by the alias it gives them ({@code FROM occupancy o}: o →
     * occupancy), CTE names left out. A simple scan, enough for the dashboards' own SQL style.
     */
    static Map<String, String> relationsNamed(String sql) {
        Set<String> ctes = new HashSet<>();
        Matcher cte = Pattern.compile("(?:WITH|,)\\s+([a-z_]+)\\s+AS\\s*\\(", Pattern.CASE_INSENSITIVE).matcher(sql);
        while (cte.find()) {
            ctes.add(cte.group(1));
        }
        Map<String, String> out = new HashMap<>();
        Matcher m = Pattern.compile("\\b(?:FROM|JOIN)\\s+([a-z_]+)(?![\\w.(])(?:\\s+(?!ON\\b|USING\\b|WHERE\\b|JOIN\\b|GROUP\\b|ORDER\\b|CROSS\\b|LEFT\\b|WITHIN\\b)([a-z_]+))?",
                Pattern.CASE_INSENSITIVE).matcher(sql);
        while (m.find()) {
            String relation = m.group(1);
            if (ctes.contains(relation) || relation.equalsIgnoreCase("LATERAL") || relation.equalsIgnoreCase("epoch")) {
                continue;
            }
            out.put(m.group(2) != null ? m.group(2) : relation, relation);
        }
        return out;
    }
}
