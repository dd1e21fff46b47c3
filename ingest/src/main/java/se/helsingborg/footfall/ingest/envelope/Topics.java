package se.helsingborg.footfall.ingest.envelope;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
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

    /**
     * The site's device a rejected message came from, found from its topic alone, since its
     * payload may be unreadable: the device named in an uplink topic (DevEUIs in any case; The
     * Things Stack's own {@code eui-…} device ids too), or a topic that is a device id (a reading
     * rejected as too late carries its device there). Empty for topics that name no device of the
     * site: recounts, unknown topics and devices.
     */
    public static Optional<String> deviceOf(String topic, SiteModel site) {
        if (topic == null) {
            return Optional.empty();
        }
        Optional<Device> named = site.device(topic);
        if (named.isPresent()) {
            return named.map(Device::id);
        }
        return Envelopes.forTopic(topic).flatMap(e -> e.deviceInTopic(topic))
                .map(d -> d.toLowerCase(Locale.ROOT))
                .flatMap(d -> site.device(d).or(() -> d.startsWith("eui-") ? site.device(d.substring(4)) : Optional.empty()))
                .map(Device::id);
    }

    /** Where manual recounts of a site's zones arrive: {@code footfall/v1/{site}/anchor}. */
    public static String anchor(String siteId) {
        return "footfall/v1/" + siteId + "/anchor";
    }
}
