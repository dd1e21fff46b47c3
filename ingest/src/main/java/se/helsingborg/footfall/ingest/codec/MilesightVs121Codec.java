package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight VS121, an AI camera that counts the people in its view and in up to 16 regions of it.
 *
 * <p>Channels: people count 0x04 0xC9 (people in view uint8, number of regions uint8, a big-endian
 * uint16 mask of the occupied regions), people in/out 0x05 0xCC (two int16), the period's maximum
 * 0x06 0xCD (uint8), region counts 0x07 0xD5 (regions 1–8) and 0x08 0xD5 (9–16, uint8 each), flows
 * between regions A–D 0x09…0x0C 0xDA (four uint16), total in/out 0x0D 0xCC, dwell 0x0E 0xE4 (a
 * region byte and average and maximum uint16 s), the report's time 0x0F 0x85 (uint32 s), line
 * in/out 0x10 0xF7, history 0x20 0xCE (a timestamp, a data type and the values of one of the
 * above, four at most), and device information on 0xFF: protocol 0x01, serial 0x08 (six bytes),
 * hardware 0x09, firmware 0x1F (four bytes) and reporting interval 0x03.
 *
 * <p>Field names and values follow Milesight's current decoder (Milesight-IoT/SensorDecoders,
 * VS_Series/VS121), not The Things Network's copy (vendor/milesight-iot/vs121.js, 2020): that one
 * reads only the people count channel and derives each region's flag by comparing the whole mask
 * with the region's index instead of testing its bit, so its region flags are wrong for every
 * mask but a few.
 */
public final class MilesightVs121Codec implements DeviceCodec {
    public static final String MODEL = "milesight-vs121";
    private static final int PORT = 85;
    private static final int MAX_REGIONS = 16;

    /** A channel or history record that is a row of same-size unsigned values. */
    private record Values(int width, List<String> names) {
        static Values u8(String... names) {
            return new Values(1, List.of(names));
        }

        static Values u16(String... names) {
            return new Values(2, List.of(names));
        }
    }

    private static final Map<Integer, Values> LIVE = new LinkedHashMap<>();
    private static final Map<Integer, Values> HISTORY = new LinkedHashMap<>();

    static {
        LIVE.put(0x06CD, Values.u8("people_count_max"));
        LIVE.put(0x07D5, Values.u8(regions(1, 8)));
        LIVE.put(0x08D5, Values.u8(regions(9, 16)));
        LIVE.put(0x09DA, Values.u16(flows('a')));
        LIVE.put(0x0ADA, Values.u16(flows('b')));
        LIVE.put(0x0BDA, Values.u16(flows('c')));
        LIVE.put(0x0CDA, Values.u16(flows('d')));
        LIVE.put(0x0DCC, Values.u16("people_total_in", "people_total_out"));
        LIVE.put(0x10F7, Values.u16("line_in", "line_out"));

        HISTORY.put(0x02, Values.u16("people_in", "people_out"));
        HISTORY.put(0x03, Values.u8("people_count_max"));
        for (int k = 0; k < 4; k++) {
            HISTORY.put(0x04 + k, Values.u8(regions(4 * k + 1, 4 * k + 4)));
        }
        for (int k = 0; k < 8; k++) {
            String[] row = flows((char) ('a' + k / 2));
            HISTORY.put(0x08 + k, Values.u16(row[2 * (k % 2)], row[2 * (k % 2) + 1]));
        }
        HISTORY.put(0x10, Values.u16("people_total_in", "people_total_out"));
        HISTORY.put(0x12, Values.u16("line_in", "line_out"));
    }

    private static String[] regions(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(r -> "region_" + r + "_count").toArray(String[]::new);
    }

    private static String[] flows(char from) {
        return "abcd".chars().mapToObj(to -> from + "_to_" + (char) to).toArray(String[]::new);
    }

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
            Values row = LIVE.get(c.id() << 8 | c.type());
            if (row != null) {
                read(c, row, f);
            } else if (c.is(0x04, 0xC9)) {
                peopleCount(c, f);
            } else if (c.is(0x05, 0xCC)) {
                c.value(4);
                f.put("people_in", c.s16());
                f.put("people_out", c.s16());
            } else if (c.is(0x0E, 0xE4)) {
                c.value(5).u8(); // the region it is about; the vendor's decoder leaves it out
                f.put("dwell_time_avg", c.u16());
                f.put("dwell_time_max", c.u16());
            } else if (c.is(0x0F, 0x85)) {
                f.put("timestamp", c.value(4).u32());
            } else if (c.is(0x20, 0xCE)) {
                history.add(history(c));
            } else if (c.id() == 0xFF) {
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

    private static void read(MilesightChannels c, Values row, Map<String, Object> f) throws CodecException {
        c.value(row.width() * row.names().size());
        for (String name : row.names()) {
            f.put(name, row.width() == 1 ? c.u8() : c.u16());
        }
    }

    private static void peopleCount(MilesightChannels c, Map<String, Object> f) throws CodecException {
        c.value(4);
        f.put("people_count_all", c.u8());
        int regions = c.u8();
        if (regions > MAX_REGIONS) {
            throw c.impossible("region count", regions, "the VS121 has at most " + MAX_REGIONS + " regions");
        }
        f.put("region_count", regions);
        int occupied = c.u16be();
        for (int r = 0; r < regions; r++) {
            f.put("region_" + (r + 1), occupied >> r & 1);
        }
    }

    private static Map<String, Object> history(MilesightChannels c) throws CodecException {
        c.value(5);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("timestamp", c.u32());
        int type = c.u8();
        Values row = HISTORY.get(type);
        if (row != null) {
            read(c, row, h);
        } else if (type == 0x01) {
            peopleCount(c, h);
        } else if (type == 0x11) {
            c.value(5).u8();
            h.put("dwell_time_avg", c.u16());
            h.put("dwell_time_max", c.u16());
        } else {
            throw new CodecException(String.format("historical data of unknown type 0x%02X", type));
        }
        return h;
    }

    private static void deviceInfo(MilesightChannels c, Map<String, Object> f) throws CodecException {
        switch (c.type()) {
            case 0x01 -> f.put("protocol_version", c.value(1).u8());
            case 0x08 -> f.put("sn", c.value(6).hex(6));
            case 0x09 -> {
                c.value(2);
                f.put("hardware_version", c.u8() + "." + c.u8());
            }
            case 0x1F -> {
                c.value(4);
                f.put("firmware_version", c.u8() + "." + c.u8() + "." + c.u8() + "." + c.u8());
            }
            case 0x03 -> f.put("from_now_on_report_interval", c.value(2).u16());
            default -> throw c.unknown();
        }
    }

    /**
     * The people in the device's zone. The camera counts its whole view itself
     * ({@code people_count_all}); its region counts are parts of that view the installer drew,
     * which may overlap, so they are not added up.
     */
    private static List<Reading> readings(Map<String, Object> f, List<Map<String, Object>> history, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String zone = ctx.device().zone();
        if (zone == null) {
            return out;
        }
        String device = ctx.device().id();
        if (f.containsKey("people_count_all")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new AreaCount(zone, (int) num(f, "people_count_all"))));
        }
        for (Map<String, Object> h : history) {
            if (h.containsKey("people_count_all")) {
                // Counted while the device could not send: its own time, not the time it arrived.
                out.add(Reading.of(device, Instant.ofEpochSecond(num(h, "timestamp")), ctx.receivedAt(), ctx.fCnt(),
                        new AreaCount(zone, (int) num(h, "people_count_all"))));
            }
        }
        return out;
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        MilesightChannels.Writer w = new MilesightChannels.Writer();
        if (f.containsKey("people_count_all")) {
            w.channel(0x04, 0xC9);
            writePeopleCount(w, f);
        }
        if (f.containsKey("people_in")) {
            w.channel(0x05, 0xCC).u16(num(f, "people_in")).u16(num(f, "people_out"));
        }
        for (Map.Entry<Integer, Values> e : LIVE.entrySet()) {
            if (f.containsKey(e.getValue().names().get(0))) {
                w.channel(e.getKey() >> 8, e.getKey() & 0xFF);
                write(w, e.getValue(), f);
            }
        }
        if (f.containsKey("dwell_time_avg")) {
            w.channel(0x0E, 0xE4).u8(0).u16(num(f, "dwell_time_avg")).u16(num(f, "dwell_time_max"));
        }
        if (f.containsKey("timestamp")) {
            w.channel(0x0F, 0x85).u32(num(f, "timestamp"));
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) f.getOrDefault("history", List.of());
        for (Map<String, Object> h : history) {
            w.channel(0x20, 0xCE).u32(num(h, "timestamp"));
            if (h.containsKey("people_count_all")) {
                w.u8(0x01);
                writePeopleCount(w, h);
            } else if (h.containsKey("dwell_time_avg")) {
                w.u8(0x11).u8(0).u16(num(h, "dwell_time_avg")).u16(num(h, "dwell_time_max"));
            } else {
                Map.Entry<Integer, Values> row = HISTORY.entrySet().stream()
                        .filter(e -> h.containsKey(e.getValue().names().get(0)))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no VS121 history record holds " + h.keySet()));
                w.u8(row.getKey());
                write(w, row.getValue(), h);
            }
        }
        return w.bytes();
    }

    private static void writePeopleCount(MilesightChannels.Writer w, Map<String, Object> f) {
        int regions = f.containsKey("region_count") ? (int) num(f, "region_count") : 0;
        int mask = 0;
        for (int r = 0; r < regions; r++) {
            mask |= (int) num(f, "region_" + (r + 1)) << r;
        }
        w.u8(num(f, "people_count_all")).u8(regions).u16be(mask);
    }

    private static void write(MilesightChannels.Writer w, Values row, Map<String, Object> f) {
        for (String name : row.names()) {
            long v = f.containsKey(name) ? num(f, name) : 0;
            if (row.width() == 1) {
                w.u8(v);
            } else {
                w.u16(v);
            }
        }
    }
}
