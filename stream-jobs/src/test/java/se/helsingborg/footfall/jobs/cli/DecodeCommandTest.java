package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.simulators.Simulation;

class DecodeCommandTest {
    private static final SiteModel SITE = SiteModel.example();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void recordedSimulatorOutputDecodesToTheDesignsShape() throws Exception {
        Instant start = LocalDate.of(2026, 11, 23).atTime(12, 0).atZone(SITE.timezone()).toInstant();
        Simulation sim = new Simulation(SITE, 2, start);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sim.nextMinute().forEach(m -> lines.add(RecordedMessages.format(new RawMessage(m.topic(), m.payload(), m.time()))));
        }
        MessageDecoder decoder = new MessageDecoder(SITE);
        assertThat(lines).hasSize(15);
        for (String line : lines) {
            JsonNode out = json.readTree(DecodeCommand.decodeLine(decoder, line));
            assertThat(out.fieldNames()).toIterable().containsExactly(
                    "topic", "envelope", "device", "model", "f_port", "f_cnt", "time", "fields", "readings");
            assertThat(out.get("model").asText()).isEqualTo("milesight-vs133");
            assertThat(out.get("fields").has("line_1_period_in")).isTrue();
            assertThat(out.get("readings")).hasSize(4); // two lines, each a period and a cumulative count
            assertThat(out.get("readings").get(0).get("gate").asText()).isNotBlank();
        }
    }

    @Test
    void whatCannotBeDecodedIsOneLineWithTheReason() throws Exception {
        MessageDecoder decoder = new MessageDecoder(SITE);
        JsonNode bad = json.readTree(DecodeCommand.decodeLine(decoder,
                "{\"topic\":\"v3/a@t/devices/eui-1/up\",\"received_at\":\"2026-11-23T09:00:00Z\",\"payload\":{\"end_device_ids\":{\"dev_eui\":\"0000000000000001\"},"
                        + "\"uplink_message\":{\"f_port\":85,\"frm_payload\":\"BcwFAAcA\",\"received_at\":\"2026-11-23T09:00:00Z\"}}}"));
        assertThat(bad.get("topic").asText()).isEqualTo("v3/a@t/devices/eui-1/up");
        assertThat(bad.get("rejected").asText()).contains("unknown device 0000000000000001");
        JsonNode notJson = json.readTree(DecodeCommand.decodeLine(decoder, "not json"));
        assertThat(notJson.get("rejected").asText()).startsWith("not a recorded message");
    }
}
