package se.helsingborg.footfall.ingest.envelope;

import java.util.List;
import java.util.Optional;

/** The envelopes Footfall reads. */
public final class Envelopes {
    private static final List<Envelope> ALL = List.of(
            new TtnV3Envelope(), new ChirpStackV4Envelope(), new ChirpStackV3Envelope(), new FootfallJsonEnvelope());

    private Envelopes() {}

    public static List<Envelope> all() {
        return ALL;
    }

    public static Optional<Envelope> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The envelope whose topics this is, if any. */
    public static Optional<Envelope> forTopic(String topic) {
        return ALL.stream().filter(e -> e.matches(topic)).findFirst();
    }
}
