package se.helsingborg.footfall.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;

/** An alert change as the notifiers read it on its zone's topic. */
class AlertMessageTest {
    private static final Instant START = Instant.parse("2026-11-23T10:01:00Z");
    private static final CapacityAlert OPEN = new CapacityAlert("lib-digidel", AlertLevel.BUSY, START, null, 34, 36);

    private static JsonNode json(AlertChange change) throws Exception {
        return new ObjectMapper().readTree(AlertMessage.payload(change));
    }

    @Test
    void theStateSaysOpenEndedOrWithdrawn() throws Exception {
        CapacityAlert ended = new CapacityAlert("lib-digidel", AlertLevel.BUSY, START, START.plusSeconds(600), 34, 38);
        assertThat(json(new AlertChange("stadsbiblioteket", OPEN, AlertLevel.BUSY)).path("state").asText()).isEqualTo("open");
        assertThat(json(new AlertChange("stadsbiblioteket", ended, null)).path("state").asText()).isEqualTo("ended");

        JsonNode withdrawn = json(new AlertChange("stadsbiblioteket", OPEN, null, true));
        assertThat(withdrawn.path("state").asText()).isEqualTo("withdrawn");
        assertThat(withdrawn.path("started_at").asText()).as("the episode the notifiers were told of").isEqualTo(START.toString());
        assertThat(withdrawn.path("ended_at").isNull()).isTrue();
        assertThat(withdrawn.path("zone_level").asText()).isEqualTo("none");
        assertThat(AlertMessage.topic(new AlertChange("stadsbiblioteket", OPEN, null, true)))
                .isEqualTo("footfall/v1/stadsbiblioteket/alerts/lib-digidel");
    }
}
