package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.need;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.s16;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.u16;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.u32;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.write;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight VS350, a battery passage counter over one doorway (one counting line).
 *
 * <p>Channels (id, type, little-endian values): battery 0x01 0x75 (uint8 %), temperature 0x03 0x67
 * (int16 / 10 °C), running totals 0x04 0xCC (two uint16: they wrap at 65536), period counts
 * 0x05 0xCC (two uint16), the same three as alarms (0x83 0x67 + alarm byte, 0x84 0xCC and 0x85 0xCC
 * + alarm byte), and historical data 0x20 0xCE: counts the device kept while it could not send,
 * each with its own timestamp (uint32 seconds), a data type (0: period counts; 1: period counts
 * and totals) and the counts. Field names and values follow Milesight's published decoder.
 */
public final class MilesightVs350Codec implements DeviceCodec {
    public static final String MODEL = "milesight-vs350";
    private static final int PORT = 85;
    private static final Map<Integer, String> TEMPERATURE_ALARMS = Map.of(
            0, "threshold alarm release", 1, "threshold alarm", 3, "high temperature alarm", 4, "high temperature alarm release");

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
        Map<String, Object> f = new LinkedHashMap<>();
        List<Map<String, Object>> history = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            if (i + 2 > b.length) {
                throw new CodecException("truncated channel header at byte " + i + " of " + b.length);
            }
            int id = b[i] & 0xFF;
            int type = b[i + 1] & 0xFF;
            i += 2;
            if (id == 0x01 && type == 0x75) {
                need(b, i, 1, id, type);
                f.put("battery", b[i] & 0xFF);
                i += 1;
            } else if ((id == 0x03 || id == 0x83) && type == 0x67) {
                need(b, i, id == 0x83 ? 3 : 2, id, type);
                f.put("temperature", s16(b, i) / 10.0);
                if (id == 0x83) {
                    f.put("temperature_alarm", TEMPERATURE_ALARMS.getOrDefault(b[i + 2] & 0xFF, "unknown"));
                    i += 1;
                }
                i += 2;
            } else if ((id == 0x04 || id == 0x84) && type == 0xCC) {
                need(b, i, id == 0x84 ? 5 : 4, id, type);
                f.put("total_in", u16(b, i));
                f.put("total_out", u16(b, i + 2));
                if (id == 0x84) {
                    f.put("total_count_alarm", (b[i + 4] & 0xFF) == 1 ? "threshold alarm" : "unknown");
                    i += 1;
                }
                i += 4;
            } else if ((id == 0x05 || id == 0x85) && type == 0xCC) {
                need(b, i, id == 0x85 ? 5 : 4, id, type);
                f.put("period_in", u16(b, i));
                f.put("period_out", u16(b, i + 2));
                if (id == 0x85) {
                    f.put("period_count_alarm", (b[i + 4] & 0xFF) == 1 ? "threshold alarm" : "unknown");
                    i += 1;
                }
                i += 4;
            } else if (id == 0x20 && type == 0xCE) {
                need(b, i, 9, id, type);
                int dataType = b[i + 4] & 0xFF;
                if (dataType > 1) {
                    throw new CodecException("historical data of unknown type " + dataType);
                }
                need(b, i, dataType == 1 ? 13 : 9, id, type);
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("period_in", u16(b, i + 5));
                h.put("period_out", u16(b, i + 7));
                if (dataType == 1) {
                    h.put("total_in", u16(b, i + 9));
                    h.put("total_out", u16(b, i + 11));
                }
                h.put("timestamp", u32(b, i));
                history.add(h);
                i += dataType == 1 ? 13 : 9;
            } else {
                throw new CodecException(String.format("unknown channel 0x%02X type 0x%02X at byte %d", id, type, i - 2));
            }
        }
        if (!history.isEmpty()) {
            f.put("history", history);
        }
        if (f.isEmpty()) {
            throw new CodecException("empty payload");
        }
        return new Decoded(f, readings(f, history, ctx));
    }

    private static List<Reading> readings(Map<String, Object> f, List<Map<String, Object>> history, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        String gate = ctx.device().gateOfLine(1);
        int period = ctx.device().reportingIntervalSeconds();
        if (gate != null) {
            addCounts(out, f, device, gate, period, ctx.time(), ctx);
            for (Map<String, Object> h : history) {
                // Kept while the device could not send: its own time, not the time it arrived.
                addCounts(out, h, device, gate, period, Instant.ofEpochSecond(((Number) h.get("timestamp")).longValue()), ctx);
            }
        }
        if (f.containsKey("temperature")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new Environment(null, ((Number) f.get("temperature")).doubleValue(), null)));
        }
        if (f.containsKey("battery")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new DeviceStatus(((Number) f.get("battery")).intValue(), null, null)));
        }
        return out;
    }

    private static void addCounts(List<Reading> out, Map<String, Object> f, String device, String gate, int period,
            Instant time, UplinkContext ctx) {
        if (f.containsKey("period_in")) {
            out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(),
                    LineCrossings.period(gate, 1, num(f, "period_in"), num(f, "period_out"), period)));
        }
        if (f.containsKey("total_in")) {
            out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(),
                    LineCrossings.cumulative(gate, 1, num(f, "total_in"), num(f, "total_out"))));
        }
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (f.containsKey("battery")) {
            out.write(0x01);
            out.write(0x75);
            out.write((int) num(f, "battery"));
        }
        if (f.containsKey("temperature")) {
            out.write(0x03);
            out.write(0x67);
            write(out, Math.round(((Number) f.get("temperature")).doubleValue() * 10), 2);
        }
        if (f.containsKey("total_in")) {
            out.write(0x04);
            out.write(0xCC);
            write(out, num(f, "total_in"), 2);
            write(out, num(f, "total_out"), 2);
        }
        if (f.containsKey("period_in")) {
            out.write(0x05);
            out.write(0xCC);
            write(out, num(f, "period_in"), 2);
            write(out, num(f, "period_out"), 2);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) f.getOrDefault("history", List.of());
        for (Map<String, Object> h : history) {
            boolean totals = h.containsKey("total_in");
            out.write(0x20);
            out.write(0xCE);
            write(out, num(h, "timestamp"), 4);
            out.write(totals ? 1 : 0);
            write(out, num(h, "period_in"), 2);
            write(out, num(h, "period_out"), 2);
            if (totals) {
                write(out, num(h, "total_in"), 2);
                write(out, num(h, "total_out"), 2);
            }
        }
        return out.toByteArray();
    }
}
