package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.BigEndian.u16;
import static se.helsingborg.footfall.ingest.codec.BigEndian.write;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * IMBuildings LoRaWAN People Counter, an infrared beam counter across one passage. Its two
 * directions are counter A (read as "in", the gate's from → to) and counter B ("out").
 *
 * <p>Payloads are big-endian. On port 1 each starts with a header: payload type (2, people
 * counter), variant, and the 8-byte device id. The variant says what follows:
 * <ul>
 *   <li>6, the periodic message: device status, battery (uint16, centivolts), counts A and B since
 *       the last message (uint16 each), sensor status, running totals A and B (uint16 each, they wrap
 *       at 65536) and a one-byte message counter;
 *   <li>7, the totals only: sensor status and the two running totals;
 *   <li>8, the heartbeat: device status, battery and sensor status.
 * </ul>
 * A device configured without the header sends the same variants' bodies on ports 26, 27 and 28.
 * Answers to configuration downlinks arrive on port 10 ({@code F1 01} and then settings, each as
 * length, setting id, value).
 *
 * <p>Field names and values follow IMBuildings' decoders in the TTN device repository:
 * {@code vendor/imbuildings/imbuildings.js} (which the people counter's codec file names, and whose
 * header fields {@code device_type_identifier}, {@code device_type} and {@code device_type_variant}
 * this codec returns) and, for what only the newer one knows (the heartbeat, configuration answers,
 * and variant 7, where the older one reads battery and status from bytes that hold the totals),
 * {@code vendor/imbuildings/imbuildings-decoder.js}. Nested objects of configuration answers are
 * flattened with underscores ({@code event.type} is {@code event_type}).
 */
public final class ImbuildingsPeopleCounterCodec implements DeviceCodec {
    public static final String MODEL = "imbuildings-people-counter";
    private static final int PORT = 1;
    private static final int CONFIG_PORT = 10;
    private static final int PEOPLE_COUNTER = 2;
    private static final int HEADER = 10;
    /** Body length of each variant; the headerless port of variant v is 20 + v. */
    private static final Map<Integer, Integer> BODY = Map.of(6, 13, 7, 5, 8, 4);

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int fPort() {
        return PORT;
    }

    @Override
    public boolean acceptsPort(int fPort) {
        return fPort == PORT || fPort == CONFIG_PORT || BODY.containsKey(fPort - 20);
    }

    @Override
    public Decoded decode(byte[] b, UplinkContext ctx) throws CodecException {
        Map<String, Object> f = new LinkedHashMap<>();
        int port = ctx.fPort();
        if (port == CONFIG_PORT) {
            configuration(b, f);
            return new Decoded(f, List.of());
        }
        int variant;
        int body;
        if (port == PORT) {
            if (b.length < 2) {
                throw new CodecException("truncated header: " + b.length + " bytes");
            }
            if ((b[0] & 0xFF) != PEOPLE_COUNTER) {
                throw new CodecException("payload type " + (b[0] & 0xFF) + " is not a people counter's (2)");
            }
            variant = b[1] & 0xFF;
            if (!BODY.containsKey(variant)) {
                throw new CodecException("unknown people counter variant " + variant);
            }
            if (b.length != HEADER + BODY.get(variant)) {
                throw new CodecException("variant " + variant + " has " + (HEADER + BODY.get(variant)) + " bytes, not " + b.length);
            }
            f.put("device_type_identifier", PEOPLE_COUNTER);
            f.put("device_type", "People Counter");
            f.put("device_type_variant", variant);
            f.put("device_id", HexFormat.of().formatHex(b, 2, HEADER));
            body = HEADER;
        } else if (BODY.containsKey(port - 20)) {
            variant = port - 20;
            if (b.length != BODY.get(variant)) {
                throw new CodecException("variant " + variant + " without header has " + BODY.get(variant) + " bytes, not " + b.length);
            }
            body = 0;
        } else {
            throw new CodecException("unknown port " + port);
        }
        switch (variant) {
            case 6 -> {
                f.put("device_status", b[body] & 0xFF);
                f.put("battery_voltage", u16(b, body + 1) / 100.0);
                f.put("counter_a", u16(b, body + 3));
                f.put("counter_b", u16(b, body + 5));
                f.put("sensor_status", b[body + 7] & 0xFF);
                f.put("total_counter_a", u16(b, body + 8));
                f.put("total_counter_b", u16(b, body + 10));
                f.put("payload_counter", b[body + 12] & 0xFF);
            }
            case 7 -> {
                f.put("sensor_status", b[body] & 0xFF);
                f.put("total_counter_a", u16(b, body + 1));
                f.put("total_counter_b", u16(b, body + 3));
            }
            default -> {
                f.put("device_status", b[body] & 0xFF);
                f.put("battery_voltage", u16(b, body + 1) / 100.0);
                f.put("sensor_status", b[body + 3] & 0xFF);
            }
        }
        return new Decoded(f, readings(f, ctx));
    }

    /** An answer to configuration downlinks: {@code F1 01}, then settings as length, id, value. */
    private static void configuration(byte[] b, Map<String, Object> f) throws CodecException {
        if (b.length < 2 || (b[0] & 0xFF) != 0xF1 || (b[1] & 0xFF) != 0x01) {
            throw new CodecException("a configuration answer starts with F1 01");
        }
        int i = 2;
        while (i < b.length) {
            int length = b[i] & 0xFF;
            if (length < 2 || i + length > b.length) {
                throw new CodecException("setting at byte " + i + " has length " + length + ", " + (b.length - i) + " bytes left");
            }
            int id = b[i + 1] & 0xFF;
            int v = i + 2;
            int size = length - 2;
            switch (id) {
                case 0x02 -> f.put("device_id", HexFormat.of().formatHex(b, v, v + need(size, 8, id)));
                case 0x1E -> f.put("interval", oneByte(b, v, size, id));
                case 0x1F -> {
                    need(size, 3, id);
                    f.put("event_type", b[v] & 0xFF);
                    f.put("event_count", b[v + 1] & 0xFF);
                    f.put("event_timeout", b[v + 2] & 0xFF);
                }
                case 0x20 -> payloadDefinition(b, v, size, id, "payload_", f);
                case 0x21 -> f.put("heartbeat_interval", oneByte(b, v, size, id));
                case 0x22 -> payloadDefinition(b, v, size, id, "heartbeat_payload_", f);
                case 0x2B -> f.put("device_address", HexFormat.of().formatHex(b, v, v + need(size, 4, id)));
                case 0x2F -> f.put("confirmed_messages", oneByte(b, v, size, id));
                case 0x33 -> f.put("fport", oneByte(b, v, size, id));
                case 0x36 -> f.put("heartbeat_fport", oneByte(b, v, size, id));
                default -> throw new CodecException(String.format("unknown setting 0x%02X at byte %d", id, i));
            }
            i += length;
        }
        if (f.isEmpty()) {
            throw new CodecException("configuration answer without settings");
        }
    }

    private static void payloadDefinition(byte[] b, int v, int size, int id, String prefix, Map<String, Object> f)
            throws CodecException {
        need(size, 3, id);
        f.put(prefix + "type", b[v] & 0xFF);
        f.put(prefix + "variant", b[v + 1] & 0xFF);
        f.put(prefix + "header", (b[v + 2] & 0xFF) == 1);
    }

    private static int oneByte(byte[] b, int v, int size, int id) throws CodecException {
        need(size, 1, id);
        return b[v] & 0xFF;
    }

    /** {@code n}, when the value has at least {@code n} bytes; fails otherwise. */
    private static int need(int size, int n, int id) throws CodecException {
        if (size < n) {
            throw new CodecException(String.format("setting 0x%02X needs %d bytes, has %d", id, n, size));
        }
        return n;
    }

    private static List<Reading> readings(Map<String, Object> f, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        String gate = ctx.device().gateOfLine(1);
        if (gate != null && f.containsKey("counter_a")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), LineCrossings.period(gate, 1,
                    num(f, "counter_a"), num(f, "counter_b"), ctx.device().reportingIntervalSeconds())));
        }
        if (gate != null && f.containsKey("total_counter_a")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    LineCrossings.cumulative(gate, 1, num(f, "total_counter_a"), num(f, "total_counter_b"))));
        }
        if (f.containsKey("battery_voltage")) {
            int millivolts = (int) Math.round(((Number) f.get("battery_voltage")).doubleValue() * 1000);
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), new DeviceStatus(null, millivolts, null, null)));
        }
        return out;
    }

    private static long num(Map<String, Object> f, String key) {
        return ((Number) f.get(key)).longValue();
    }

    /**
     * The port-1 message (with header) that carries these fields: variant 6 when they hold period
     * counts, 7 when only totals, 8 when only the battery. A missing device id is written as zeros.
     */
    @Override
    public byte[] encode(Map<String, Object> f) {
        int variant = f.containsKey("counter_a") ? 6 : f.containsKey("total_counter_a") ? 7 : 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(PEOPLE_COUNTER);
        out.write(variant);
        byte[] id = HexFormat.of().parseHex((String) f.getOrDefault("device_id", "0000000000000000"));
        if (id.length != 8) {
            throw new IllegalArgumentException("device_id is 8 bytes, not " + id.length);
        }
        out.writeBytes(id);
        if (variant != 7) {
            out.write((int) numOr(f, "device_status"));
            write(out, Math.round(((Number) f.get("battery_voltage")).doubleValue() * 100), 2);
        }
        if (variant == 6) {
            write(out, num(f, "counter_a"), 2);
            write(out, num(f, "counter_b"), 2);
        }
        out.write((int) numOr(f, "sensor_status"));
        if (variant != 8) {
            write(out, num(f, "total_counter_a"), 2);
            write(out, num(f, "total_counter_b"), 2);
        }
        if (variant == 6) {
            out.write((int) numOr(f, "payload_counter"));
        }
        return out.toByteArray();
    }

    private static long numOr(Map<String, Object> f, String key) {
        return f.containsKey(key) ? num(f, key) : 0;
    }
}
