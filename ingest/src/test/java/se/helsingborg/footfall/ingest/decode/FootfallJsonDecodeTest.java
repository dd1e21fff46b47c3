package se.helsingborg.footfall.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/** Footfall's own JSON for IP counters and scripts, the examples of DESIGN §7. */
class FootfallJsonDecodeTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}, {id: room, site: lib, parent: hall}]
            gates: [{id: front, from: outside, to: hall}, {id: room-door, from: hall, to: room}]
            devices:
              - {id: door-1, model: footfall-json, gate: room-door}
              - {id: cam-3, model: footfall-json, zone: room}
              - {id: co2-7, model: footfall-json, zone: room}
            """);
    private final MessageDecoder decoder = new MessageDecoder(SITE);
    private static final Instant OURS = Instant.parse("2026-11-22T10:15:02Z");

    private DecodedMessage decode(String device, String json) throws MessageRejectedException {
        return decoder.decode(new RawMessage("footfall/v1/lib/" + device + "/up", json.getBytes(StandardCharsets.UTF_8), OURS));
    }

    @Test
    void theDesignsExamplesBecomeReadings() throws Exception {
        DecodedMessage period = decode("door-1",
                "{\"device\": \"door-1\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\", \"in\": 3, \"out\": 1, \"period_s\": 300}");
        assertThat(period.envelope()).isEqualTo("footfall-json");
        assertThat(period.time()).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        assertThat(period.readings()).singleElement().satisfies(r ->
                assertThat(r.lineCrossings()).isEqualTo(LineCrossings.period("room-door", 1, 3, 1, 300)));
        assertThat(period.fields()).containsEntry("in", 3).containsEntry("period_s", 300);

        DecodedMessage totals = decode("door-1",
                "{\"device\": \"door-1\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\", \"total_in\": 10234, \"total_out\": 10190}");
        assertThat(totals.readings().get(0).lineCrossings()).isEqualTo(LineCrossings.cumulative("room-door", 1, 10234, 10190));

        DecodedMessage area = decode("cam-3", "{\"device\": \"cam-3\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"area\", \"count\": 17}");
        assertThat(area.readings().get(0).areaCount()).isEqualTo(new AreaCount("room", 17));

        DecodedMessage env = decode("co2-7",
                "{\"device\": \"co2-7\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"environment\", \"co2_ppm\": 650, \"temperature_c\": 21.5}");
        assertThat(env.readings().get(0).environment()).isEqualTo(new Environment(650.0, 21.5, null));
    }

    @Test
    void theSameMessageTwiceHasTheSameIdentityAndAnIdNamesIt() throws Exception {
        String json = "{\"device\": \"door-1\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\", \"in\": 3, \"out\": 1, \"period_s\": 300}";
        assertThat(decode("door-1", json).readings().get(0).identity()).isEqualTo(decode("door-1", json).readings().get(0).identity());
        String withId = json.replace("\"type\"", "\"id\": \"a7\", \"type\"");
        String otherId = json.replace("\"type\"", "\"id\": \"a8\", \"type\"");
        assertThat(decode("door-1", withId).fCnt()).isNotEqualTo(decode("door-1", otherId).fCnt());
    }

    @Test
    void impossibleValuesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> decode("door-1", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\", \"in\": -3, \"out\": 1, \"period_s\": 300}"))
                .hasMessageContaining("impossible in: -3");
        assertThatThrownBy(() -> decode("door-1", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\", \"in\": 2.5, \"out\": 1, \"period_s\": 300}"))
                .hasMessageContaining("impossible in: 2.5");
        assertThatThrownBy(() -> decode("co2-7", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"environment\", \"co2_ppm\": 99999}"))
                .hasMessageContaining("impossible co2_ppm");
        assertThatThrownBy(() -> decode("cam-3", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"smell\"}"))
                .hasMessageContaining("unknown type 'smell'");
        assertThatThrownBy(() -> decode("door-1", "{\"type\": \"line\", \"in\": 1, \"out\": 1, \"period_s\": 60}"))
                .hasMessageContaining("no time");
        assertThatThrownBy(() -> decode("door-1", "{\"device\": \"door-2\", \"time\": \"2026-11-22T10:15:00Z\"}"))
                .hasMessageContaining("differs from the topic");
        assertThatThrownBy(() -> decode("door-9", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"area\", \"count\": 1}"))
                .hasMessageContaining("unknown device door-9");
        assertThatThrownBy(() -> decode("door-1", "{\"time\": \"2026-11-22T10:15:00Z\", \"type\": \"line\"} trailing"))
                .hasMessageContaining("malformed JSON");
    }
}
