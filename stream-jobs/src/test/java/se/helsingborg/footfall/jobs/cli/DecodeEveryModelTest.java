package se.helsingborg.footfall.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;

/**
 * {@code ./footfall decode --model M --fport N --hex HEX} for every model id of DESIGN §7, each with
 * one real payload from its vendor's published examples (the same ones the codec tests use).
 */
class DecodeEveryModelTest {
    private static final List<String> DESIGN_MODELS = List.of("milesight-vs133", "milesight-vs135", "milesight-vs350",
            "milesight-vs121", "milesight-ws202", "milesight-am307", "milesight-am319", "elsys-ers", "elsys-ers-co2",
            "elsys-ers-eye", "imbuildings-people-counter", "terabee-pfc-m", "terabee-pfc-lxl", "browan-tbms100", "footfall-json");

    /** One payload, a vendor field it must yield, and the kinds of reading it must give. */
    private record Example(String model, int fPort, String hex, String field, Set<String> readingTypes) {}

    private static final List<Example> EXAMPLES = List.of(
            // TheThingsNetwork/lorawan-devices vendor/milesight-iot/vs133-codec.yaml, totals example
            new Example("milesight-vs133", 85,
                    "03D248000000 04D2C8000000 06D200000000 07D200000000 09D200000000 0AD200000000 0CD2B4140000 0DD28D1A0000",
                    "line_1_total_in", Set.of("line")),
            // Milesight-IoT/SensorDecoders VS_Series/VS13x/README.md, third example (regions)
            new Example("milesight-vs135", 85, "0FE302100709", "region_1_count", Set.of("area")),
            // Milesight-IoT/SensorDecoders VS_Series/VS350/README.md, totals and period counts
            new Example("milesight-vs350", 85, "04CC12001600 05CC13001400", "period_in", Set.of("line")),
            // Milesight-IoT/SensorDecoders VS_Series/VS121/README.md, second example
            new Example("milesight-vs121", 85, "04C9030800A1 06CD05", "people_count_all", Set.of("area")),
            // Milesight-IoT/SensorDecoders WS_Series/WS202/README.md
            new Example("milesight-ws202", 85, "017510 030001 040000", "pir", Set.of("motion", "status")),
            // TheThingsNetwork/lorawan-devices vendor/milesight-iot/am307-codec.yaml, example 1
            new Example("milesight-am307", 85, "01755C 03673401 046865 056A4900", "temperature", Set.of("environment", "status")),
            // TheThingsNetwork/lorawan-devices vendor/milesight-iot/am319-codec.yaml, example 1
            new Example("milesight-am319", 85,
                    "03673401 046865 050001 06CB02 077DA803 087D2500 09736627 0A7D0400 0B7D2000 0C7D3000",
                    "co2", Set.of("environment", "motion")),
            // TheThingsNetwork/lorawan-devices vendor/elsys/ers-codec.yaml
            new Example("elsys-ers", 5, "0100E2 0229 040027 0506", "temperature", Set.of("environment", "motion")),
            // TheThingsNetwork/lorawan-devices vendor/elsys/ers-co2-codec.yaml
            new Example("elsys-ers-co2", 5, "0100E2 0229 040027 0506 060308", "co2", Set.of("environment", "motion")),
            // TheThingsNetwork/lorawan-devices vendor/elsys/ers-eye-codec.yaml
            new Example("elsys-ers-eye", 5, "0100E2 0229 040027 0506 1101", "occupancy", Set.of("environment", "motion")),
            // TheThingsNetwork/lorawan-devices vendor/imbuildings/imbuildings-codec.yaml, "Counters, battery"
            new Example("imbuildings-people-counter", 1, "02 06 0004a30b00f0d40e 00 0100 0000 0000 20 000d 000a 6a",
                    "counter_a", Set.of("line")),
            // TheThingsNetwork/lorawan-devices vendor/terabee/people-flow-counting-m-codec.yaml
            new Example("terabee-pfc-m", 82, "0000000A0000000504", "count_in", Set.of("line")),
            // TheThingsNetwork/lorawan-devices vendor/terabee/people-flow-counting-l-xl-codec.yaml
            new Example("terabee-pfc-lxl", 1, "000000C8000001C800", "count_out", Set.of("line")),
            // TheThingsNetwork/lorawan-devices vendor/browan/tbms100-codec.yaml, "Occupied"
            new Example("browan-tbms100", 102, "01 BB 34 0400 DC7801", "temperatureBoard", Set.of("motion")),
            // DESIGN §7, Footfall's own JSON: an area count
            new Example("footfall-json", 0, HexFormat.of().formatHex(
                    "{\"device\": \"cam-3\", \"time\": \"2026-11-22T10:15:00Z\", \"type\": \"area\", \"count\": 17}"
                            .getBytes(StandardCharsets.UTF_8)), "count", Set.of("area")));

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theExamplesCoverEveryModelOfTheDesignAndEveryRegisteredCodec() {
        List<String> covered = EXAMPLES.stream().map(Example::model).toList();
        assertThat(covered).containsExactlyElementsOf(DESIGN_MODELS);
        assertThat(DeviceCodecs.models()).containsExactlyInAnyOrderElementsOf(DESIGN_MODELS);
    }

    @Test
    void everyModelDecodesOnePayloadIntoFieldsAndReadings() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Example e : EXAMPLES) {
            String out = decode("--model", e.model(), "--fport", String.valueOf(e.fPort()), "--hex", e.hex().replace(" ", ""));
            JsonNode node = json.readTree(out);
            assertThat(node.has("rejected")).as(e.model() + ": " + out).isFalse();
            assertThat(node.get("model").asText()).isEqualTo(e.model());
            assertThat(node.get("f_port").asInt()).isEqualTo(e.fPort());
            assertThat(node.get("fields").isObject()).as(out).isTrue();
            if (!hasField(node.get("fields"), e.field())) {
                problems.add(e.model() + ": no field " + e.field() + " in " + node.get("fields"));
            }
            assertThat(node.get("readings").isArray()).as(out).isTrue();
            Set<String> types = StreamSupport.stream(node.get("readings").spliterator(), false)
                    .map(r -> r.get("type").asText()).collect(Collectors.toSet());
            if (!types.containsAll(e.readingTypes())) {
                problems.add(e.model() + ": readings of types " + types + ", expected " + e.readingTypes() + ": " + node.get("readings"));
            }
            for (JsonNode r : node.get("readings")) {
                if (r.has("gate")) {
                    assertThat(r.get("gate").asText()).as(out).matches("line-[1-4]");
                }
                if (r.has("zone")) {
                    assertThat(r.get("zone").asText()).as(out).isEqualTo(DecodeCommand.PLACEHOLDER_ZONE);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aPayloadTheModelCannotReadOrAPortItDoesNotUseIsRejected() throws Exception {
        JsonNode shortPayload = json.readTree(decode("--model", "milesight-vs133", "--fport", "85", "--hex", "03D24800"));
        assertThat(shortPayload.get("rejected").asText()).startsWith("milesight-vs133 payload:");
        JsonNode wrongPort = json.readTree(decode("--model", "milesight-vs133", "--fport", "10", "--hex", "05CC00000000"));
        assertThat(wrongPort.get("rejected").asText()).contains("does not send on port 10");
    }

    @Test
    void theHelpNamesThePlaceholderGatesAndZone() {
        String help = new CommandLine(new Footfall()).getSubcommands().get("decode").getUsageMessage();
        assertThat(help).contains("line-1", "zone");
    }

    /** A field at the top level or inside a nested list or object (history records, per-line maps). */
    private static boolean hasField(JsonNode node, String name) {
        if (node.has(name)) {
            return true;
        }
        for (JsonNode child : node) {
            if (child.isContainerNode() && hasField(child, name)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code footfall decode ...} as the launcher does and returns its one line of output. */
    private static String decode(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "decode";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = new CommandLine(new Footfall()).execute(all);
            assertThat(exit).isZero();
        } finally {
            System.setOut(original);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
