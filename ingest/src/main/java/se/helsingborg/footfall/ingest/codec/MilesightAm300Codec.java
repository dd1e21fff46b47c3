package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight's AM300 indoor ambience monitors: the AM307 (temperature, humidity, PIR, light level,
 * CO₂, TVOC, pressure; on battery) and the AM319 (the same plus HCHO or O₃, PM2.5 and PM10).
 *
 * <p>Channels (id, type, little-endian value): battery 0x01 0x75 (uint8 %), temperature 0x03 0x67
 * (int16 / 10 °C), humidity 0x04 0x68 (uint8 / 2 %RH), PIR 0x05 0x00 (1 trigger, else idle), light
 * level 0x06 0xCB (uint8, a level 0–5, not lux), CO₂ 0x07 0x7D (uint16 ppm), TVOC 0x08 0x7D or, in
 * µg/m³ firmware, 0x08 0xE6 (uint16), pressure 0x09 0x73 (uint16 / 10 hPa), and on the AM319 HCHO
 * 0x0A 0x7D (uint16 / 100 mg/m³), PM2.5 0x0B 0x7D, PM10 0x0C 0x7D (uint16 µg/m³), O₃ 0x0D 0x7D
 * (uint16 / 100 ppm); buzzer 0x0E 0x01; on the AM307 also a PIR activity count 0x05 0x6A
 * (uint16); the device information channels of {@link MilesightDeviceInfo}, power status
 * 0xFF 0x0B and reporting interval 0xFF 0x3A (uint16 s); and history 0x20 0xCE / 0x21 0xCE: a timestamp (uint32 s) and one measurement of every sensor,
 * kept while the device could not send.
 *
 * <p>Live fields are named as The Things Network's device repository decodes each model, which
 * differs between the two: the AM307 decoder says {@code pir} and {@code pm2_5}, the AM319 decoder
 * {@code activity} and {@code pm2.5}. That decoder knows no history, device information or µg/m³
 * TVOC; those follow Milesight's own (SensorDecoders) decoder, whose history entries say {@code pir},
 * {@code pm2_5} and {@code hcho} for both models — it cannot tell an O₃ AM319's history from an
 * HCHO one's either. TVOC is the raw value everywhere, as the TTN decoder and its examples have it.
 */
public final class MilesightAm300Codec implements DeviceCodec {
    public static final String AM307 = "milesight-am307";
    public static final String AM319 = "milesight-am319";
    private static final int PORT = 85;
    /** The NDIR CO₂ sensor of both models measures up to 5000 ppm; more is a broken frame. */
    private static final int CO2_MAX_PPM = 5000;

    private final String model;
    private final boolean particulates;
    private final String pirField;
    private final String pm25Field;

    private MilesightAm300Codec(String model, boolean particulates, String pirField, String pm25Field) {
        this.model = model;
        this.particulates = particulates;
        this.pirField = pirField;
        this.pm25Field = pm25Field;
    }

    public static MilesightAm300Codec am307() {
        return new MilesightAm300Codec(AM307, false, "pir", "pm2_5");
    }

    public static MilesightAm300Codec am319() {
        return new MilesightAm300Codec(AM319, true, "activity", "pm2.5");
    }

    @Override
    public String model() {
        return model;
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
            if (c.is(0x01, 0x75)) {
                f.put("battery", battery(c, c.value(1).u8()));
            } else if (c.is(0x03, 0x67)) {
                f.put("temperature", temperature(c, c.value(2).s16()));
            } else if (c.is(0x04, 0x68)) {
                f.put("humidity", humidity(c, c.value(1).u8()));
            } else if (c.is(0x05, 0x00)) {
                f.put(pirField, pir(c.value(1).u8()));
            } else if (!particulates && c.is(0x05, 0x6A)) {
                // The PIR activity count of Milesight's AM100 series; the AM307 example of The
                // Things Network's repository carries it (and expects it as activity: 73).
                f.put("activity", c.value(2).u16());
            } else if (c.is(0x06, 0xCB)) {
                f.put("light_level", c.value(1).u8());
            } else if (c.is(0x07, 0x7D)) {
                f.put("co2", co2(c, c.value(2).u16()));
            } else if (c.is(0x08, 0x7D) || c.is(0x08, 0xE6)) {
                f.put("tvoc", c.value(2).u16());
            } else if (c.is(0x09, 0x73)) {
                f.put("pressure", pressure(c, c.value(2).u16()));
            } else if (particulates && c.is(0x0A, 0x7D)) {
                f.put("hcho", c.value(2).u16() / 100.0);
            } else if (particulates && c.is(0x0B, 0x7D)) {
                f.put(pm25Field, c.value(2).u16());
            } else if (particulates && c.is(0x0C, 0x7D)) {
                f.put("pm10", c.value(2).u16());
            } else if (particulates && c.is(0x0D, 0x7D)) {
                f.put("o3", c.value(2).u16() / 100.0);
            } else if (c.is(0x0E, 0x01)) {
                f.put("beep", c.value(1).u8() == 1 ? "yes" : "no");
            } else if (c.is(0x20, 0xCE) || c.is(0x21, 0xCE)) {
                history.add(history(c));
            } else if (MilesightDeviceInfo.read(c, f)) {
                continue;
            } else if (c.is(0xFF, 0x0B)) {
                int status = c.value(1).u8();
                f.put("device_status", status == 0 ? "offline" : status == 1 ? "online" : "unknown");
            } else if (c.is(0xFF, 0x3A)) {
                f.put("report_interval", c.value(2).u16());
            } else {
                throw c.unknown();
            }
        }
        if (!history.isEmpty()) {
            f.put("history", history);
        }
        return new Decoded(f, readings(f, history, ctx));
    }

    private Map<String, Object> history(MilesightChannels c) throws CodecException {
        c.value(particulates ? 22 : 16);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("timestamp", c.u32());
        h.put("temperature", temperature(c, c.s16()));
        h.put("humidity", humidity(c, c.u16()));
        h.put("pir", pir(c.u8()));
        h.put("light_level", c.u8());
        h.put("co2", co2(c, c.u16()));
        h.put("tvoc", c.u16());
        h.put("pressure", pressure(c, c.u16()));
        if (particulates) {
            h.put("pm2_5", c.u16());
            h.put("pm10", c.u16());
            h.put("hcho", c.u16() / 100.0);
        }
        return h;
    }

    private static int battery(MilesightChannels c, int percent) throws CodecException {
        if (percent > 100) {
            throw c.impossible("battery", percent + " %", "above 100 %");
        }
        return percent;
    }

    private static double temperature(MilesightChannels c, int tenths) throws CodecException {
        double celsius = tenths / 10.0;
        // Wider than the sensor's indoor range on purpose: only values no room can have are refused.
        if (celsius < -40 || celsius > 85) {
            throw c.impossible("temperature", celsius + " °C", "outside -40…85 °C");
        }
        return celsius;
    }

    private static double humidity(MilesightChannels c, int halves) throws CodecException {
        double pct = halves / 2.0;
        if (pct > 100) {
            throw c.impossible("humidity", pct + " %", "above 100 %");
        }
        return pct;
    }

    private static int co2(MilesightChannels c, int ppm) throws CodecException {
        if (ppm > CO2_MAX_PPM) {
            throw c.impossible("CO2", ppm + " ppm", "above the sensor's " + CO2_MAX_PPM + " ppm range");
        }
        return ppm;
    }

    private static double pressure(MilesightChannels c, int tenths) throws CodecException {
        double hpa = tenths / 10.0;
        if (hpa < 300 || hpa > 1100) {
            throw c.impossible("pressure", hpa + " hPa", "outside the barometer's 300…1100 hPa");
        }
        return hpa;
    }

    private static String pir(int v) {
        return v == 1 ? "trigger" : "idle";
    }

    private List<Reading> readings(Map<String, Object> f, List<Map<String, Object>> history, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        addClimate(out, f, pirField, ctx.time(), ctx);
        for (Map<String, Object> h : history) {
            // Kept while the device could not send: its own time, not the time it arrived.
            addClimate(out, h, "pir", Instant.ofEpochSecond(num(h, "timestamp")), ctx);
        }
        if (f.containsKey("battery")) {
            out.add(Reading.of(ctx.device().id(), ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    DeviceStatus.battery((int) num(f, "battery"))));
        }
        return out;
    }

    private static void addClimate(List<Reading> out, Map<String, Object> f, String pirField, Instant time, UplinkContext ctx) {
        String device = ctx.device().id();
        Double co2 = dbl(f, "co2");
        Double temperature = dbl(f, "temperature");
        Double humidity = dbl(f, "humidity");
        Double pressure = dbl(f, "pressure");
        if (co2 != null || temperature != null || humidity != null || pressure != null) {
            // light_level is a 0–5 level, not lux: it stays a field.
            out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(),
                    new Environment(co2, temperature, humidity, null, pressure)));
        }
        String zone = ctx.device().zone();
        Boolean occupied = f.get(pirField) instanceof String s ? "trigger".equals(s) : null;
        Integer movements = f.get("activity") instanceof Number n ? n.intValue() : null;
        if (zone != null && (occupied != null || movements != null)) {
            out.add(Reading.of(device, time, ctx.receivedAt(), ctx.fCnt(), new Motion(zone, occupied, movements)));
        }
    }

    private static Double dbl(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        MilesightChannels.Writer w = new MilesightChannels.Writer();
        if (f.containsKey("battery")) {
            w.channel(0x01, 0x75).u8(num(f, "battery"));
        }
        if (f.containsKey("temperature")) {
            w.channel(0x03, 0x67).u16(scaled(f, "temperature", 10));
        }
        if (f.containsKey("humidity")) {
            w.channel(0x04, 0x68).u8(scaled(f, "humidity", 2));
        }
        if (f.containsKey(pirField)) {
            w.channel(0x05, 0x00).u8("trigger".equals(f.get(pirField)) ? 1 : 0);
        }
        if (!particulates && f.get("activity") instanceof Number n) {
            w.channel(0x05, 0x6A).u16(n.longValue());
        }
        if (f.containsKey("light_level")) {
            w.channel(0x06, 0xCB).u8(num(f, "light_level"));
        }
        if (f.containsKey("co2")) {
            w.channel(0x07, 0x7D).u16(num(f, "co2"));
        }
        if (f.containsKey("tvoc")) {
            w.channel(0x08, 0x7D).u16(num(f, "tvoc"));
        }
        if (f.containsKey("pressure")) {
            w.channel(0x09, 0x73).u16(scaled(f, "pressure", 10));
        }
        if (particulates) {
            if (f.containsKey("hcho")) {
                w.channel(0x0A, 0x7D).u16(scaled(f, "hcho", 100));
            }
            if (f.containsKey(pm25Field)) {
                w.channel(0x0B, 0x7D).u16(num(f, pm25Field));
            }
            if (f.containsKey("pm10")) {
                w.channel(0x0C, 0x7D).u16(num(f, "pm10"));
            }
            if (f.containsKey("o3")) {
                w.channel(0x0D, 0x7D).u16(scaled(f, "o3", 100));
            }
        }
        if (f.containsKey("beep")) {
            w.channel(0x0E, 0x01).u8("yes".equals(f.get("beep")) ? 1 : 0);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> history = (List<Map<String, Object>>) f.getOrDefault("history", List.of());
        for (Map<String, Object> h : history) {
            w.channel(0x20, 0xCE).u32(num(h, "timestamp")).u16(scaled(h, "temperature", 10)).u16(scaled(h, "humidity", 2))
                    .u8("trigger".equals(h.get("pir")) ? 1 : 0).u8(num(h, "light_level")).u16(num(h, "co2"))
                    .u16(num(h, "tvoc")).u16(scaled(h, "pressure", 10));
            if (particulates) {
                w.u16(num(h, "pm2_5")).u16(num(h, "pm10")).u16(scaled(h, "hcho", 100));
            }
        }
        return w.bytes();
    }

    /** A scaled field back to the integer the device sends: value × scale, rounded. */
    private static long scaled(Map<String, Object> f, String key, int scale) {
        return Math.round(((Number) f.get(key)).doubleValue() * scale);
    }
}
