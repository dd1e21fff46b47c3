package se.helsingborg.footfall.ingest.envelope;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

/** The MQTT topic filters that carry the uplinks of a site's devices, by their envelopes, and the sites' recounts. */
public final class Topics {
    private Topics() {}

    public static List<String> forSite(SiteModel site) {
        Set<String> filters = new TreeSet<>();
        for (Device d : site.devices()) {
            Envelope envelope = Envelopes.byName(d.envelope()).orElseThrow(() -> new IllegalArgumentException(
                    "device " + d.id() + ": unknown envelope " + d.envelope() + " (known: "
                            + Envelopes.all().stream().map(Envelope::name).toList() + ")"));
            filters.add(envelope.topicFilter());
        }
        // manual recounts of the site's zones (./footfall anchor)
        site.sites().forEach(s -> filters.add(anchor(s.id())));
        return List.copyOf(filters);
    }

    /** Where manual recounts of a site's zones arrive: {@code footfall/v1/{site}/anchor}. */
    public static String anchor(String siteId) {
        return "footfall/v1/" + siteId + "/anchor";
    }
}
