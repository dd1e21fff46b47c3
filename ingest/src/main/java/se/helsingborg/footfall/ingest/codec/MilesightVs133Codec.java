package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.need;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.u16;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.u32;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.write;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight VS133, a time-of-flight people counter with up to four counting lines.
 *
 * <p>Its payload is a sequence of channels, each a channel id byte, a type byte and a fixed-size
 * little-endian value. Per line n (1..4) it reports the running totals in and out (type 0xD2,
 * uint32 each, ids 0x03/0x04, 0x06/0x07, 0x09/0x0A, 0x0C/0x0D) and the counts of the last
 * reporting period (type 0xCC, two uint16, ids 0x05, 0x08, 0x0B, 0x0E); also region counts
 * (0x0F 0xE3) and region dwell times (0x10 0xE4), and device information on channel 0xFF.
 * Field names follow Milesight's published decoder.
 */
public final class MilesightVs133Codec implements DeviceCodec {
    public static final String MODEL = "milesight-vs133";
    private static final int PORT = 85;
    private static final int LINES = 4;

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int fPort() {
        return PORT;
    }

    @Override
    public Decoded decode(byte[] b, UplinkContext ctx) throws CodecException {
        Map<String, Object> fields = decodeFields(b);
        return new Decoded(fields, readings(fields, ctx));
    }

    static Map<String, Object> decodeFields(byte[] b) throws CodecException {
        Map<String, Object> f = new LinkedHashMap<>();
        int i = 0;
        while (i < b.length) {
            if (i + 2 > b.length) {
                throw new CodecException("truncated channel header at byte " + i + " of " + b.length);
            }
            int id = b[i] & 0xFF;
            int type = b[i + 1] & 0xFF;
            i += 2;
            int line = lineOf(id);
            if (line > 0 && type == 0xD2 && (id - 3) % 3 < 2) {
                need(b, i, 4, id, type);
                f.put("line_" + line + "_total_" + ((id - 3) % 3 == 0 ? "in" : "out"), u32(b, i));
                i += 4;
            } else if (line > 0 && type == 0xCC && (id - 3) % 3 == 2) {
                need(b, i, 4, id, type);
                f.put("line_" + line + "_period_in", u16(b, i));
                f.put("line_" + line + "_period_out", u16(b, i + 2));
                i += 4;
            } else if (id == 0x0F && type == 0xE3) {
                need(b, i, 4, id, type);
                for (int r = 1; r <= 4; r++) {
                    f.put("region_" + r + "_count", b[i + r - 1] & 0xFF);
                }
                i += 4;
            } else if (id == 0x10 && type == 0xE4) {
                need(b, i, 5, id, type);
                int region = b[i] & 0xFF;
                f.put("region_" + region + "_avg_dwell", u16(b, i + 1));
                f.put("region_" + region + "_max_dwell", u16(b, i + 3));
                i += 5;
            } else if (id == 0xFF) {
                i = deviceInfo(b, i, type, f);
            } else {
                throw new CodecException(String.format("unknown channel 0x%02X type 0x%02X at byte %d", id, type, i - 2));
            }
        }
        if (f.isEmpty()) {
            throw new CodecException("empty payload");
        }
        return f;
    }

    private static int deviceInfo(byte[] b, int i, int type, Map<String, Object> f) throws CodecException {
        switch (type) {
            case 0x01 -> {
                need(b, i, 1, 0xFF, type);
                f.put("ipso_version", "v" + ((b[i] & 0xF0) >> 4) + "." + (b[i] & 0x0F));
                return i + 1;
            }
            case 0x09 -> {
                need(b, i, 2, 0xFF, type);
                f.put("hardware_version", "v" + (b[i] & 0xFF) + "." + ((b[i + 1] & 0xFF) >> 4));
                return i + 2;
            }
            case 0x0A -> {
                need(b, i, 2, 0xFF, type);
                f.put("firmware_version", "v" + (b[i] & 0xFF) + "." + String.format("%02x", b[i + 1] & 0xFF));
                return i + 2;
            }
            case 0x0F -> {
                need(b, i, 1, 0xFF, type);
                f.put("lorawan_class", List.of("Class A", "Class B", "Class C", "Class CtoB").get(Math.min(b[i] & 0xFF, 3)));
                return i + 1;
            }
            case 0x16 -> {
                need(b, i, 8, 0xFF, type);
                f.put("sn", HexFormat.of().formatHex(b, i, i + 8));
                return i + 8;
            }
            case 0xFF -> {
                need(b, i, 2, 0xFF, type);
                f.put("tsl_version", "v" + (b[i] & 0xFF) + "." + (b[i + 1] & 0xFF));
                return i + 2;
            }
            case 0xFE -> {
                need(b, i, 1, 0xFF, type);
                f.put("reset_event", (b[i] & 0xFF) == 1 ? "reset" : "normal");
                return i + 1;
            }
            default -> throw new CodecException(String.format("unknown channel 0xFF type 0x%02X at byte %d", type, i - 2));
        }
    }

    /** Line 1..4 for the line channels 0x03..0x0E, else 0. */
    private static int lineOf(int id) {
        return id >= 0x03 && id <= 0x0E ? (id - 3) / 3 + 1 : 0;
    }

    private static List<Reading> readings(Map<String, Object> f, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        for (int line = 1; line <= LINES; line++) {
            String gate = ctx.device().gateOfLine(line);
            if (gate == null) {
                continue; // a line the site does not use; the installer left it configured
            }
            String p = "line_" + line + "_";
            if (f.containsKey(p + "period_in")) {
                out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), LineCrossings.period(
                        gate, line, num(f, p + "period_in"), num(f, p + "period_out"),
                        ctx.device().reportingIntervalSeconds())));
            }
            if (f.containsKey(p + "total_in") && f.containsKey(p + "total_out")) {
                out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), LineCrossings.cumulative(
                        gate, line, num(f, p + "total_in"), num(f, p + "total_out"))));
            }
        }
        return out;
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int line = 1; line <= LINES; line++) {
            int base = 3 * line;
            String p = "line_" + line + "_";
            if (f.containsKey(p + "total_in")) {
                out.write(base);
                out.write(0xD2);
                write(out, num(f, p + "total_in"), 4);
            }
            if (f.containsKey(p + "total_out")) {
                out.write(base + 1);
                out.write(0xD2);
                write(out, num(f, p + "total_out"), 4);
            }
            if (f.containsKey(p + "period_in") || f.containsKey(p + "period_out")) {
                out.write(base + 2);
                out.write(0xCC);
                write(out, f.containsKey(p + "period_in") ? num(f, p + "period_in") : 0, 2);
                write(out, f.containsKey(p + "period_out") ? num(f, p + "period_out") : 0, 2);
            }
        }
        if (f.keySet().stream().anyMatch(k -> k.startsWith("region_") && k.endsWith("_count"))) {
            out.write(0x0F);
            out.write(0xE3);
            for (int r = 1; r <= 4; r++) {
                out.write((int) (f.containsKey("region_" + r + "_count") ? num(f, "region_" + r + "_count") : 0));
            }
        }
        return out.toByteArray();
    }
}
