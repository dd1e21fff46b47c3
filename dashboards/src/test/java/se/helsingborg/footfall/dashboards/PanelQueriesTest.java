package se.helsingborg.footfall.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.storage.TestDatabase;
import se.helsingborg.footfall.storage.TestEngine;

/**
 * Every panel's query, expanded as Grafana expands it, on a simulated day run through the job:
 * on real PostgreSQL (macros as with TimescaleDB off) and on the TimescaleDB test engine (macros
 * as with the provisioned datasource's TimescaleDB switch on). Each returns rows, and the columns
 * its panel type needs.
 */
class PanelQueriesTest {
    @TempDir
    static Path dir;
    private static TestDatabase postgres;
    private static TestDatabase timescale;
    /** What each panel answered on PostgreSQL, for the TimescaleDB run to agree with. */
    private static final java.util.Map<String, PanelQuery.Result> ON_POSTGRES = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void fill() throws Exception {
        postgres = TestEngine.POSTGRESQL.create();
        SimulatedDay.fill(postgres.migrated(), dir);
        timescale = TestEngine.TIMESCALEDB.create();
        SimulatedDay.copy(postgres.database(), timescale.migrated());
    }

    @AfterAll
    static void drop() throws Exception {
        if (timescale != null) {
            timescale.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyPanelAnswersOnBothEngines() {
        List<Panel> panels = Dashboard.allPanels();
        assertThat(panels).hasSizeGreaterThan(15);
        return Stream.of(engine(postgres, false, panels), engine(timescale, true, panels));
    }

    private static DynamicNode engine(TestDatabase db, boolean timescaledb, List<Panel> panels) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Panel panel : panels) {
            tests.add(DynamicTest.dynamicTest(panel.toString(), () -> {
                try (Connection c = db.database().connect()) {
                    PanelQuery.Result result = new PanelQuery(c, SimulatedDay.RANGE, timescaledb).run(panel);
                    assertThat(result.rows()).as(panel + " rows on " + db.engine() + "\n" + result.sql()).isPositive();
                    assertColumnsFit(panel, result);
                    if (!timescaledb) {
                        ON_POSTGRES.put(panel.toString(), result);
                    } else if (ON_POSTGRES.containsKey(panel.toString())) {
                        assertSameAnswer(panel, ON_POSTGRES.get(panel.toString()), result);
                    }
                }
            }));
        }
        return DynamicContainer.dynamicContainer(db.engine().name(), tests);
    }

    /**
     * The same rows give the same answer on both engines: time_bucket() (TimescaleDB) and epoch
     * arithmetic (PostgreSQL) cut the same intervals, and the rollups are the same numbers whether
     * continuous aggregates or views.
     */
    static void assertSameAnswer(Panel panel, PanelQuery.Result postgres, PanelQuery.Result timescale) {
        assertThat(timescale.rows()).as(panel + " rows, TimescaleDB against PostgreSQL").isEqualTo(postgres.rows());
        assertThat(timescale.sums().keySet()).as(panel + " numeric columns").isEqualTo(postgres.sums().keySet());
        postgres.sums().forEach((column, sum) -> assertThat(timescale.sums().get(column))
                .as(panel + " sum of " + column + ", TimescaleDB against PostgreSQL")
                .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(sum)))));
    }

    /** What each panel type needs of its data frame. */
    static void assertColumnsFit(Panel panel, PanelQuery.Result result) {
        String what = panel + " columns " + result.columns();
        List<PanelQuery.Column> values = result.columns().stream().filter(PanelQuery.Column::numeric)
                .filter(c -> !c.name().equals("time")).toList();
        switch (panel.type()) {
            case "timeseries" -> {
                assertThat(panel.format()).as(what).isEqualTo("time_series");
                PanelQuery.Column time = result.column("time");
                assertThat(time).as(what + ": a time column named time").isNotNull();
                assertThat(time.time() || time.numeric()).as(what + ": time is a timestamp or epoch seconds").isTrue();
                assertThat(values).as(what + ": a numeric value").isNotEmpty();
                PanelQuery.Column metric = result.column("metric");
                if (metric != null) {
                    assertThat(metric.numeric()).as(what + ": metric names a series").isFalse();
                }
            }
            case "stat", "gauge" -> {
                assertThat(values).as(what + ": a numeric value").isNotEmpty();
                String fields = panel.json().path("options").path("reduceOptions").path("fields").asText("");
                Matcher exact = Pattern.compile("^/\\^(\\w+)\\$/$").matcher(fields);
                if (exact.matches()) {
                    assertThat(result.column(exact.group(1))).as(what + ": the field the panel shows").isNotNull();
                    assertThat(result.column(exact.group(1)).numeric()).as(what).isTrue();
                }
            }
            case "geomap" -> {
                for (JsonNode layer : panel.json().path("options").path("layers")) {
                    for (String axis : List.of("latitude", "longitude")) {
                        PanelQuery.Column c = result.column(layer.path("location").path(axis).asText());
                        assertThat(c).as(what + ": the layer's " + axis + " field").isNotNull();
                        assertThat(c.numeric()).as(what + ": " + axis + " is a number").isTrue();
                    }
                    String colour = layer.path("config").path("style").path("color").path("field").asText(null);
                    if (colour != null) {
                        assertThat(result.column(colour)).as(what + ": the colour field").isNotNull();
                    }
                }
            }
            case "table" -> assertThat(result.columns()).as(what).isNotEmpty();
            default -> throw new AssertionError(panel + ": no check for panel type " + panel.type());
        }
    }
}
