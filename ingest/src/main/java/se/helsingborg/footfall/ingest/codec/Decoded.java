package se.helsingborg.footfall.ingest.codec;

import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * What a codec made of one payload: the fields named and valued as the vendor's published decoder
 * names and values them (so operators can compare with the network server's view), and the
 * canonical readings the pipeline uses.
 */
public record Decoded(Map<String, Object> fields, List<Reading> readings) {
    public Decoded {
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        readings = List.copyOf(readings);
    }
}
