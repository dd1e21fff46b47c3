package se.helsingborg.footfall.dashboards;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A dashboard template variable with the value(s) it has when a panel is drawn. {@code multi} is
 * true for variables that allow several values or "All": Grafana then always writes their values
 * as quoted SQL strings joined by commas (so {@code zone_id IN ($zone)} works for one value too),
 * while a single-value variable is written raw and must be quoted in the SQL ({@code '$site'}).
 */
record TemplateVariable(String name, List<String> values, boolean multi) {
    TemplateVariable {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("variable " + name + " has no value");
        }
    }

    static TemplateVariable single(String name, String value) {
        return new TemplateVariable(name, List.of(value), false);
    }

    /** What Grafana writes for {@code $name}, {@code ${name}} and {@code [[name]]}. */
    String plain() {
        return multi ? quoted() : values.get(0).replace("'", "''");
    }

    /** What Grafana writes for {@code ${name:sqlstring}}: always quoted. */
    String quoted() {
        return values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
    }
}
