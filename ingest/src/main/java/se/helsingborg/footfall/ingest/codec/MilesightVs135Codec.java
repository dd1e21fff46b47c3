package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight VS135, the ceiling time-of-flight people counter that succeeds the VS133: up to four
 * counting lines, four regions, and its "child" counts.
 *
 * <p>Channels (id, type, little-endian values), as the VS133: per line n (1..4) the running totals
 * in and out (type 0xD2, uint32, ids 3n and 3n+1) and the last period's counts (type 0xCC, two
 * uint16, id 3n+2); region counts 0x0F 0xE3 (four uint8) and region dwell 0x10 0xE4 (region,
 * average and maximum uint16 s). The same again for the child counts at the id + 0x0E (0x11…0x1E),
 * named with {@code _child}. Also occlusion alarms 0x50 0xFC (a byte, the node — 0 the master —
 * and 0 released / 1 triggered), history 0x20 0xCE (a timestamp, uint32 s, a data type that is the
 * live channel id it repeats — except a dwell maximum, 0x20 or 0x3C for the child — and that
 * channel's value, one direction or one dwell figure a record), and device information on 0xFF:
 * protocol 0x01, hardware 0x09, firmware 0x1F (four bytes), serial 0x16 and reporting interval 0x03.
 *
 * <p>Field names and values follow the vendor decoder in The Things Network's device repository
 * (vendor/milesight-iot/vs135.js), with one correction: that decoder names a child period's out
 * count after the last plain period channel it read, a slip; here it is {@code line_n_child_period_out}.
 */
public final class MilesightVs135Codec implements DeviceCodec {
    public static final String MODEL = "milesight-vs135";
    private static final int PORT = 85;
    private static final int LINES = 4;
    private static final int REGIONS = 4;
    /** How far the child channels sit above the plain ones. */
    private static final int CHILD = 0x0E;

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int fPort() {
        return PORT;
    }

    @Override
    public Decoded decode(byte[] payload, UplinkContext ctx) throws CodecException {
        Map<String, Object> f = new LinkedHashMap<>();
        List<Map<String, Object>> history = new ArrayList<>();
        MilesightChannels c = new MilesightChannels(payload);
        while (c.next()) {
            int id = c.id();
            boolean child = id >= 0x03 + CHILD && id <= 0x10 + CHILD;
            int base = child ? id - CHILD : id;
            String infix = child ? "_child" : "";
            if (base >= 0x03 && base <= 0x0E && c.type() == ((base % 3 == 2) ? 0xCC : 0xD2)) {
                readLine(c, base, infix, f);
            } else if (base == 0x0F && c.type() == 0xE3) {
                readRegions(c, infix, f);
            } else if (base == 0x10 && c.type() == 0xE4) {
                int region = region(c, c.value(5).u8());
                f.put("region_" + region + infix + "_avg_dwell", c.u16());
                f.put("region_" + region + infix + "_max_dwell", c.u16());
            } else if (c.is(0x50, 0xFC)) {
                c.value(3).u8();
                int node = c.u8();
                int alarm = c.u8();
                f.put((node == 0 ? "master" : "node_" + node) + "_occlusion_alarm",
                        alarm == 0 ? "alarm_released" : alarm == 1 ? "alarm_triggered" : "unknown");
            } else if (c.is(0x20, 0xCE)) {
                history.add(history(c));
            } else if (id == 0xFF) {
                deviceInfo(c, f);
            } else {
                throw c.unknown();
            }
        }
        if (!history.isEmpty()) {
            f.put("history", history);
        }
        return new Decoded(f, readings(f, history, ctx));
    }

    /** A line channel, {@code base} the plain channel id 0x03…0x0E, into {@code f}. */
    private static void readLine(MilesightChannels c, int base, String infix, Map<String, Object> f) throws CodecException {
        String p = "line_" + ((base - 3) / 3 + 1) + infix + "_";
        c.value(4);
        switch ((base - 3) % 3) {
            case 0 -> f.put(p + "total_in", c.u32());
            case 1 -> f.put(p + "total_out", c.u32());
            default -> {
                f.put(p + "period_in", c.u16());
                f.put(p + "period_out", c.u16());
            }
        }
    }

    private static void readRegions(MilesightChannels c, String infix, Map<String, Object> f) throws CodecException {
        c.value(REGIONS);
        for (int r = 1; r <= REGIONS; r++) {
            f.put("region_" + r + infix + "_count", c.u8());
        }
    }

    private static int region(MilesightChannels c, int region) throws CodecException {
        if (region < 1 || region > REGIONS) {
            throw c.impossible("region", region, "the VS135 has regions 1 to " + REGIONS);
        }
        return region;
    }

    private static Map<String, Object> history(MilesightChannels c) throws CodecException {
        c.value(5);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("timestamp", c.u32());
        int type = c.u8();
        boolean child = type >= 0x03 + CHILD && type <= 0x10 + CHILD || type == 0x3C;
        int base = child ? (type == 0x3C ? 0x20 : type - CHILD) : type;
        String infix = child ? "_child" : "";
        if (base >= 0x03 && base <= 0x0E) {
            readLine(c, base, infix, h);
        } else if (base == 0x0F) {
            readRegions(c, infix, h);
        } else if (base == 0x10 || base == 0x20) {
            int region = region(c, c.value(3).u8());
            h.put("region_" + region + infix + (base == 0x10 ? "_avg_dwell" : "_max_dwell"), c.u16());
        } else {
            throw new CodecException(String.format("historical data of unknown type 0x%02X", type));
        }
        return h;
    }

    private static void deviceInfo(MilesightChannels c, Map<String, Object> f) throws CodecException {
        switch (c.type()) {
            case 0x01 -> {
                int v = c.value(1).u8();
                f.put("ipso_version", "v" + (v >> 4) + "." + (v & 0x0F));
            }
            case 0x09 -> {
                c.value(2);
                f.put("hardware_version", "v" + c.u8() + "." + c.u8());
            }
            case 0x1F -> {
                c.value(4);
                f.put("firmware_version", "v" + c.u8() + "." + c.u8() + "." + c.u8() + "." + c.u8());
            }
            case 0x16 -> f.put("sn", c.value(8).hex(8));
            case 0x03 -> f.put("report_interval", c.value(2).u16());
            default -> throw c.unknown();
        }
    }

    private static List<Reading> readings(Map<String, Object> f, List<Map<String, Object>> history, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        addCounts(out, f, ctx.time(), ctx);
        // A history record holds one direction of one line, so records of the same moment are
        // put back together before they become readings (a total needs both directions).
        Map<Long, Map<String, Object>> byTime = new LinkedHashMap<>();
        for (Map<String, Object> h : history) {
            byTime.computeIfAbsent(num(h, "timestamp"), t -> new LinkedHashMap<>()).putAll(h);
        }
        byTime.forEach((t, h) -> addCounts(out, h, Instant.ofEpochSecond(t), ctx));
        return out;
    }

    /**
     * Line crossings for the lines the site maps to gates, and the people in the device's zone.
     * The child counts stay fields: the decoder does not say whether the plain counts include them.
     */
    private static void addCounts(List<Reading> out, Map<String, Object> f, Instant time, UplinkContext ctx) {
        String device = ctx.device().id();
        for (int line = 1; line <= LINES; line++) {
            String gate = ctx.device().gateOfLine(line);
            if (gate == null) {
                continue;
            }
            String p = "line_" + line + "_";
            if (f.containsKey(p + "period_in")) {
                out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(), LineCrossings.period(
                        gate, line, num(f, p + "period_in"), num(f, p + "period_out"), ctx.device().reportingIntervalSeconds())));
            }
            if (f.containsKey(p + "total_in") && f.containsKey(p + "total_out")) {
                out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(), LineCrossings.cumulative(
                        gate, line, num(f, p + "total_in"), num(f, p + "total_out"))));
            }
        }
        String zone = ctx.device().zone();
        if (zone != null && f.containsKey("region_1_count")) {
            // The regions are parts of the one floor area the sensor looks down on, drawn apart by
            // the installer, so a person stands in one of them at a time: their sum is the people
            // the sensor sees in its zone. Regions left unconfigured report 0.
            int people = 0;
            for (int r = 1; r <= REGIONS; r++) {
                people += (int) num(f, "region_" + r + "_count");
            }
            out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(), new AreaCount(zone, people)));
        }
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        MilesightChannels.Writer w = new MilesightChannels.Writer();
        writeCounts(w, f, null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) f.getOrDefault("history", List.of());
        for (Map<String, Object> h : history) {
            writeCounts(w, h, num(h, "timestamp"));
        }
        return w.bytes();
    }

    /**
     * Writes the counts in {@code f}: as live channels when {@code timestamp} is null, else as
     * history records of that time, whose data type is the live channel's id.
     */
    private static void writeCounts(MilesightChannels.Writer w, Map<String, Object> f, Long timestamp) {
        for (int off : new int[] {0, CHILD}) {
            String infix = off == 0 ? "" : "_child";
            for (int line = 1; line <= LINES; line++) {
                String p = "line_" + line + infix + "_";
                int base = 3 * line + off;
                if (f.containsKey(p + "total_in")) {
                    header(w, base, 0xD2, timestamp).u32(num(f, p + "total_in"));
                }
                if (f.containsKey(p + "total_out")) {
                    header(w, base + 1, 0xD2, timestamp).u32(num(f, p + "total_out"));
                }
                if (f.containsKey(p + "period_in") || f.containsKey(p + "period_out")) {
                    header(w, base + 2, 0xCC, timestamp).u16(orZero(f, p + "period_in")).u16(orZero(f, p + "period_out"));
                }
            }
            if (f.containsKey("region_1" + infix + "_count")) {
                header(w, 0x0F + off, 0xE3, timestamp);
                for (int r = 1; r <= REGIONS; r++) {
                    w.u8(orZero(f, "region_" + r + infix + "_count"));
                }
            }
            for (int r = 1; r <= REGIONS; r++) {
                String avg = "region_" + r + infix + "_avg_dwell";
                String max = "region_" + r + infix + "_max_dwell";
                if (timestamp == null && (f.containsKey(avg) || f.containsKey(max))) {
                    header(w, 0x10 + off, 0xE4, null).u8(r).u16(orZero(f, avg)).u16(orZero(f, max));
                }
                if (timestamp != null && f.containsKey(avg)) {
                    header(w, 0x10 + off, 0, timestamp).u8(r).u16(num(f, avg));
                }
                if (timestamp != null && f.containsKey(max)) {
                    header(w, off == 0 ? 0x20 : 0x3C, 0, timestamp).u8(r).u16(num(f, max));
                }
            }
        }
    }

    private static MilesightChannels.Writer header(MilesightChannels.Writer w, int id, int type, Long timestamp) {
        return timestamp == null ? w.channel(id, type) : w.channel(0x20, 0xCE).u32(timestamp).u8(id);
    }

    private static long orZero(Map<String, Object> f, String key) {
        return f.containsKey(key) ? num(f, key) : 0;
    }
}
