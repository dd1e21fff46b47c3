package se.helsingborg.footfall.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs panels' queries on a database as Grafana would draw a dashboard: the dashboard's variables
 * are resolved first, in order (a query variable by running its own SQL, so {@code $zone} depends
 * on {@code $site} as in Grafana; "All" of a multi-value variable is every value), then each panel's
 * SQL is expanded and run.
 */
final class PanelQuery {
    /** A result column and whether Grafana can treat it as a number or a time. */
    record Column(String name, int jdbcType, String typeName) {
        boolean numeric() {
            return switch (jdbcType) {
                case Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.DECIMAL, Types.REAL,
                        Types.FLOAT, Types.DOUBLE -> true;
                default -> false;
            };
        }

        boolean time() {
            return jdbcType == Types.TIMESTAMP || jdbcType == Types.TIMESTAMP_WITH_TIMEZONE || jdbcType == Types.DATE;
        }
    }

    /** What a query returned: its columns, its row count and, per numeric column but time, the sum of its values. */
    record Result(String sql, List<Column> columns, int rows, Map<String, Double> sums) {
        Column column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    private final Connection connection;
    private final GrafanaMacros macros;

    PanelQuery(Connection connection, TimeRange range, boolean timescaledb) {
        this.connection = connection;
        this.macros = new GrafanaMacros(range, timescaledb);
    }

    Map<String, TemplateVariable> variables(Dashboard dashboard) throws SQLException {
        Map<String, TemplateVariable> vars = new LinkedHashMap<>();
        for (JsonNode v : dashboard.variables()) {
            String name = v.path("name").asText();
            boolean multi = v.path("multi").asBoolean() || v.path("includeAll").asBoolean();
            List<String> values = switch (v.path("type").asText()) {
                case "query" -> {
                    List<String> all = firstColumn(macros.expand(v.path("query").asText(), vars), "__value");
                    yield v.path("includeAll").asBoolean() ? all : all.subList(0, Math.min(1, all.size()));
                }
                case "custom" -> List.of(v.path("current").path("value").asText());
                default -> throw new IllegalArgumentException("variable type " + v.path("type") + " of " + name + " is not handled");
            };
            vars.put(name, new TemplateVariable(name, values, multi));
        }
        return vars;
    }

    /** The panel's query as Grafana would send it; a repeated panel's copy for the variable's first value. */
    Result run(Panel panel) throws SQLException {
        Map<String, TemplateVariable> vars = variables(panel.dashboard());
        String repeat = panel.repeat();
        if (repeat != null) {
            TemplateVariable over = vars.get(repeat);
            vars.put(repeat, new TemplateVariable(repeat, over.values().subList(0, 1), over.multi()));
        }
        String sql = macros.expand(panel.sql(), vars);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData md = rs.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                columns.add(new Column(md.getColumnLabel(i), md.getColumnType(i), md.getColumnTypeName(i)));
            }
            int rows = 0;
            Map<String, Double> sums = new LinkedHashMap<>();
            while (rs.next()) {
                rows++;
                for (int i = 0; i < columns.size(); i++) {
                    Column c = columns.get(i);
                    if (c.numeric() && !c.name().equals("time")) {
                        double v = rs.getDouble(i + 1);
                        sums.merge(c.name(), rs.wasNull() ? 0 : v, Double::sum);
                    }
                }
            }
            return new Result(sql, columns, rows, sums);
        } catch (SQLException e) {
            throw new SQLException(panel + ": " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
        }
    }

    private List<String> firstColumn(String sql, String preferred) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int col = 1;
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                if (rs.getMetaData().getColumnLabel(i).equals(preferred)) {
                    col = i;
                }
            }
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(col));
            }
            return out;
        }
    }
}
