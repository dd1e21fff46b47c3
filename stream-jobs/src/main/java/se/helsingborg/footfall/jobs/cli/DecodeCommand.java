package se.helsingborg.footfall.jobs.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import se.helsingborg.footfall.ingest.codec.CodecException;
import se.helsingborg.footfall.ingest.codec.Decoded;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.codec.UplinkContext;
import se.helsingborg.footfall.ingest.decode.DecodeOutput;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.decode.MessageRejectedException;
import se.helsingborg.footfall.ingest.presence.PresenceRedaction;
import se.helsingborg.footfall.ingest.recorded.RecordedMessageException;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

@Command(name = "decode", description = {
        "Decodes recorded messages (stdin, one JSON line each) into JSON lines: envelope, vendor fields and readings,",
        "or the reason a message is rejected. With --model, --fport and --hex: one payload without an envelope,",
        "from a placeholder device whose counting lines 1-4 watch gates line-1 .. line-4 and which sits in zone",
        "'zone' (for area counts and motion); its time is now."})
final class DecodeCommand implements Callable<Integer> {
    static final String PLACEHOLDER_ZONE = "zone";

    @Option(names = "--site", paramLabel = "FILE", description = "the site file whose devices the messages come from (default: the example site)")
    Path site;

    @Option(names = "--model", paramLabel = "M", description = "a device model id, e.g. milesight-vs133")
    String model;

    @Option(names = "--fport", paramLabel = "N", description = "the LoRaWAN port of the payload")
    Integer fPort;

    @Option(names = "--hex", paramLabel = "HEX", description = "the payload bytes in hex")
    String hex;

    @Override
    public Integer call() throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (model != null || hex != null || fPort != null) {
            out.println(decodeOne());
            out.flush();
            return 0;
        }
        MessageDecoder decoder = new MessageDecoder(site == null ? SiteModel.example() : SiteModel.load(site));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                out.println(decodeLine(decoder, line));
            }
        }
        out.flush();
        return 0;
    }

    static String decodeLine(MessageDecoder decoder, String line) {
        try {
            var message = RecordedMessages.parse(line);
            try {
                DecodedMessage decoded = decoder.decode(message);
                return DecodeOutput.decoded(decoded);
            } catch (MessageRejectedException e) {
                return DecodeOutput.rejected(message.topic(), PresenceRedaction.reason(e.getMessage(), message.payload()));
            }
        } catch (RecordedMessageException e) {
            return DecodeOutput.rejected(null, PresenceRedaction.reason("not a recorded message: " + e.getMessage(),
                    line.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private String decodeOne() {
        if (model == null || hex == null || fPort == null) {
            throw new IllegalArgumentException("decoding one payload takes --model, --fport and --hex together");
        }
        DeviceCodec codec = DeviceCodecs.forModel(model).orElseThrow(() ->
                new IllegalArgumentException("unknown model " + model + "; known: " + String.join(", ", DeviceCodecs.models())));
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--hex is not hexadecimal: " + hex);
        }
        if (!codec.acceptsPort(fPort)) {
            return DecodeOutput.rejected(null, model + " does not send on port " + fPort + "; it reports on port " + codec.fPort());
        }
        // Without a site file a placeholder device stands in: its lines watch gates named after
        // them and it sits in a zone called zone, so that line, area and motion readings all show.
        Device device = new Device("unknown", model, "none",
                Map.of(1, "line-1", 2, "line-2", 3, "line-3", 4, "line-4"), PLACEHOLDER_ZONE, 300);
        Instant now = Instant.now();
        try {
            Decoded d = codec.decode(bytes, new UplinkContext(device, fPort, 0, now, now));
            return DecodeOutput.decoded(new DecodedMessage(null, "none", null, model, fPort, 0, now, d.fields(), d.readings()));
        } catch (CodecException e) {
            return DecodeOutput.rejected(null, model + " payload: " + e.getMessage());
        }
    }
}
