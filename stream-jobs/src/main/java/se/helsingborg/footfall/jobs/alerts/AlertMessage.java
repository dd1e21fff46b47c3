package se.helsingborg.footfall.jobs.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import se.helsingborg.footfall.storage.results.CapacityAlert;

/**
 * How a capacity alert change reads on MQTT: topic {@code footfall/v1/{site}/alerts/{zone}}, and a
 * JSON object with the episode (the {@code alerts} row's columns), whether it is open, ended or
 * withdrawn (late readings showed it never lasted the minimum duration), and the zone's level once
 * the change is applied ({@code busy}, {@code full} or {@code none}).
 */
public final class AlertMessage {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertMessage() {}

    public static String topic(AlertChange change) {
        return "footfall/v1/" + change.siteId() + "/alerts/" + change.alert().zoneId();
    }

    public static byte[] payload(AlertChange change) {
        CapacityAlert a = change.alert();
        ObjectNode json = JSON.createObjectNode()
                .put("site", change.siteId())
                .put("zone", a.zoneId())
                .put("level", a.level().id())
                .put("state", change.withdrawn() ? "withdrawn" : a.ended() ? "ended" : "open")
                .put("started_at", a.startedAt().toString())
                .put("ended_at", a.ended() ? a.endedAt().toString() : null)
                .put("threshold", a.threshold())
                .put("peak_occupancy", a.peakOccupancy())
                .put("zone_level", change.zoneLevel() == null ? "none" : change.zoneLevel().id());
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
