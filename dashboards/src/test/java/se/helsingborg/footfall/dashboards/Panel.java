package se.helsingborg.footfall.dashboards;

import com.fasterxml.jackson.databind.JsonNode;

/** One panel of a provisioned dashboard, with the SQL of its one query. */
record Panel(Dashboard dashboard, JsonNode json) {
    String title() {
        return json.path("title").asText();
    }

    String type() {
        return json.path("type").asText();
    }

    JsonNode target() {
        return json.path("targets").path(0);
    }

    String sql() {
        return target().path("rawSql").asText();
    }

    /** {@code time_series} or {@code table}, as Grafana's SQL datasources call them. */
    String format() {
        return target().path("format").asText();
    }

    /** The variable this panel is repeated over (one copy per selected value), or null. */
    String repeat() {
        return json.path("repeat").isTextual() ? json.path("repeat").asText() : null;
    }

    JsonNode defaults() {
        return json.path("fieldConfig").path("defaults");
    }

    /** The unit Grafana shows a result column in: a by-name override's, else the panel default's. */
    String unitOf(String column) {
        for (JsonNode o : json.path("fieldConfig").path("overrides")) {
            if (o.path("matcher").path("id").asText().equals("byName") && o.path("matcher").path("options").asText().equals(column)) {
                for (JsonNode p : o.path("properties")) {
                    if (p.path("id").asText().equals("unit")) {
                        return p.path("value").asText();
                    }
                }
            }
        }
        return defaults().path("unit").asText(null);
    }

    @Override
    public String toString() {
        return dashboard.uid() + " / " + title();
    }
}
