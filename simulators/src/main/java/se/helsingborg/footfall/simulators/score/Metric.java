package se.helsingborg.footfall.simulators.score;

import java.util.List;

/**
 * A number the pipeline produces and the simulator's truth knows, and where both keep it: the
 * table (and CSV file) of DESIGN §7's results, the columns that make its key, the time column and
 * the value column.
 */
public enum Metric {
    OCCUPANCY("occupancy", "zone-minute", "occupancy", List.of("zone_id"), "minute", "occupancy"),
    ZONE_ENTRIES("zone entries", "zone-minute", "occupancy", List.of("zone_id"), "minute", "entries"),
    ZONE_EXITS("zone exits", "zone-minute", "occupancy", List.of("zone_id"), "minute", "exits"),
    VISITORS("visitors", "site-day", "visitors_daily", List.of("site_id"), "day", "visitors"),
    GATE_ENTRIES("gate entries", "gate-minute", "gate_counts", List.of("gate_id"), "minute", "entries"),
    GATE_EXITS("gate exits", "gate-minute", "gate_counts", List.of("gate_id"), "minute", "exits"),
    FLOWS("flows", "zone pair-minute", "flows", List.of("from_zone", "to_zone"), "minute", "people"),
    /** Presence tokens' moves between zones; the truth's are those of the visitors who carry a phone. */
    TOKEN_TRANSITIONS("transitions", "zone pair-day", "zone_transitions", List.of("from_zone", "to_zone"), "day", "transitions");

    private final String label;
    private final String per;
    private final String table;
    private final List<String> idColumns;
    private final String timeColumn;
    private final String valueColumn;

    Metric(String label, String per, String table, List<String> idColumns, String timeColumn, String valueColumn) {
        this.label = label;
        this.per = per;
        this.table = table;
        this.idColumns = idColumns;
        this.timeColumn = timeColumn;
        this.valueColumn = valueColumn;
    }

    public String label() {
        return label;
    }

    /** What one compared value belongs to, e.g. {@code zone-minute}. */
    public String per() {
        return per;
    }

    /** The result table, and the CSV file's name without {@code .csv}. */
    public String table() {
        return table;
    }

    public List<String> idColumns() {
        return idColumns;
    }

    public String timeColumn() {
        return timeColumn;
    }

    public String valueColumn() {
        return valueColumn;
    }

    /** Whether the time column holds local dates rather than instants. */
    public boolean daily() {
        return timeColumn.equals("day");
    }
}
