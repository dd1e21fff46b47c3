package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/** The decode operator: good messages become readings, a message from the future goes aside with its reason. */
class DecodeFunctionTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}]
            gates: [{id: front, from: outside, to: hall}]
            devices:
              - {id: door-1, model: footfall-json, gate: front}
            """);

    private static StreamRecord<RawMessage> message(String time, Instant received) {
        String json = "{\"device\": \"door-1\", \"time\": \"" + time + "\", \"type\": \"line\", \"in\": 3, \"out\": 1, \"period_s\": 60}";
        return new StreamRecord<>(new RawMessage("footfall/v1/lib/door-1/up", json.getBytes(StandardCharsets.UTF_8), received));
    }

    @Test
    void aMessageFarInTheFutureIsRejectedAndTheOthersGoOn() throws Exception {
        Instant received = Instant.parse("2026-11-23T10:00:02Z");
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new DecodeFunction(SITE)))) {
            harness.open();
            harness.processElement(message("2026-11-23T10:00:00Z", received));
            harness.processElement(message("2027-01-01T10:00:00Z", received));
            harness.processElement(message("2026-11-23T10:01:00Z", received.plusSeconds(60)));

            assertThat(harness.extractOutputValues()).extracting(Reading::eventTime)
                    .containsExactly(Instant.parse("2026-11-23T10:00:00Z"), Instant.parse("2026-11-23T10:01:00Z"));
            assertThat(harness.getSideOutput(DecodeFunction.REJECTED)).singleElement().satisfies(r -> {
                RejectedMessage rejected = r.getValue();
                assertThat(rejected.reason()).contains("time 2027-01-01T10:00:00Z is", "ahead of the message's reception");
                assertThat(rejected.receivedAt()).isEqualTo(received);
                assertThat(new String(rejected.payload(), StandardCharsets.UTF_8)).contains("2027-01-01T10:00:00Z");
            });
        }
    }

    @Test
    void aRejectedMessageRedeliveredLaterKeepsTheNetworkServersReceptionSoItsRowIsWrittenOnce() throws Exception {
        Instant heard = Instant.parse("2026-11-23T10:00:00Z");
        var uplink = new se.helsingborg.footfall.ingest.envelope.Uplink(se.helsingborg.footfall.ingest.envelope.TtnV3Envelope.NAME, null,
                "24e124136b316071", 85, 12, heard, new byte[] {0x00, 0x00, 0x07}, -70.0, 7.5);
        byte[] envelope = new se.helsingborg.footfall.ingest.envelope.TtnV3Envelope().encode(uplink, "footfall-sim", "eui-24e124136b316071");
        String topic = se.helsingborg.footfall.ingest.envelope.TtnV3Envelope.topic("footfall-sim", "ttn", "eui-24e124136b316071");
        try (var harness = new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(new DecodeFunction(SiteModel.example())))) {
            harness.open();
            harness.processElement(new StreamRecord<>(new RawMessage(topic, envelope, heard.plusSeconds(3))));
            harness.processElement(new StreamRecord<>(new RawMessage(topic, envelope, heard.plusSeconds(300)))); // after a crash
            assertThat(harness.getSideOutput(DecodeFunction.REJECTED)).hasSize(2).allSatisfy(r -> {
                assertThat(r.getValue().reason()).startsWith("milesight-vs133 payload");
                assertThat(r.getValue().receivedAt()).isEqualTo(heard);
            });
        }
    }
}
