package se.helsingborg.footfall.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * The {@code decode} command's output (DESIGN §7): one JSON object a line, either
 * {@code {"topic", "envelope", "device", "model", "f_port", "f_cnt", "time", "fields", "readings"}}
 * or {@code {"topic", "rejected": "<reason>"}}.
 */
public final class DecodeOutput {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecodeOutput() {}

    public static String decoded(DecodedMessage m) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", m.topic());
        root.put("envelope", m.envelope());
        root.put("device", m.device());
        root.put("model", m.model());
        root.put("f_port", m.fPort());
        root.put("f_cnt", m.fCnt());
        root.put("time", m.time().toString());
        root.set("fields", JSON.valueToTree(m.fields()));
        ArrayNode readings = root.putArray("readings");
        m.readings().forEach(r -> readings.add(reading(r)));
        return write(root);
    }

    public static String rejected(String topic, String reason) {
        ObjectNode root = JSON.createObjectNode();
        root.put("topic", topic);
        root.put("rejected", reason);
        return write(root);
    }

    static ObjectNode reading(Reading r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("time", r.eventTime().toString());
        LineCrossings c = r.lineCrossings();
        if (c != null) {
            n.put("type", "line");
            n.put("gate", c.gateId());
            n.put("line", c.line());
            if (c.cumulative()) {
                n.put("total_in", c.in());
                n.put("total_out", c.out());
            } else {
                n.put("in", c.in());
                n.put("out", c.out());
                n.put("period_s", c.periodSeconds());
            }
        }
        if (r.areaCount() != null) {
            n.put("type", "area");
            n.put("zone", r.areaCount().zoneId());
            n.put("count", r.areaCount().count());
        }
        if (r.presence() != null) {
            n.put("type", "presence");
            n.put("zone", r.presence().zoneId());
            n.put("token", r.presence().token());
        }
        if (r.anchor() != null) {
            n.put("type", "anchor");
            n.put("zone", r.anchor().zoneId());
            n.put("count", r.anchor().count());
        }
        Environment e = r.environment();
        if (e != null) {
            n.put("type", "environment");
            if (e.co2Ppm() != null) {
                n.put("co2_ppm", e.co2Ppm());
            }
            if (e.temperatureC() != null) {
                n.put("temperature_c", e.temperatureC());
            }
            if (e.humidityPct() != null) {
                n.put("humidity_pct", e.humidityPct());
            }
            if (e.illuminanceLux() != null) {
                n.put("illuminance_lux", e.illuminanceLux());
            }
            if (e.pressureHpa() != null) {
                n.put("pressure_hpa", e.pressureHpa());
            }
        }
        Motion m = r.motion();
        if (m != null) {
            n.put("type", "motion");
            n.put("zone", m.zoneId());
            if (m.occupied() != null) {
                n.put("occupied", m.occupied());
            }
            if (m.motionCount() != null) {
                n.put("motion_count", m.motionCount());
            }
        }
        DeviceStatus s = r.deviceStatus();
        if (s != null) {
            n.put("type", "status");
            if (s.batteryPercent() != null) {
                n.put("battery_pct", s.batteryPercent());
            }
            if (s.batteryMillivolts() != null) {
                n.put("battery_mv", s.batteryMillivolts());
            }
            if (s.rssiDbm() != null) {
                n.put("rssi_dbm", s.rssiDbm());
            }
            if (s.snrDb() != null) {
                n.put("snr_db", s.snrDb());
            }
        }
        return n;
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
