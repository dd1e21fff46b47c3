package se.helsingborg.footfall.dashboards;

import java.time.Duration;
import java.time.Instant;

/** The dashboard time range a panel is asked for, as Grafana sends it to the datasource. */
record TimeRange(Instant from, Instant to) {
    TimeRange {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a time range must end after it starts: " + from + " .. " + to);
        }
    }

    Duration length() {
        return Duration.between(from, to);
    }
}
