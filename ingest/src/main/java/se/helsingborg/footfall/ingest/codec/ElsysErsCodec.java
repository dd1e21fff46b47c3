package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.BigEndian.s16;
import static se.helsingborg.footfall.ingest.codec.BigEndian.u16;
import static se.helsingborg.footfall.ingest.codec.BigEndian.write;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Elsys ERS room sensors: the ERS (temperature, humidity, light, PIR motion), the ERS CO2 (the same
 * and CO₂) and the ERS Eye (the same as the ERS and an occupancy state from its thermopile array,
 * which it can also send as an 8×8 heat map).
 *
 * <p>All three send one payload format: a sequence of type bytes, each followed by a big-endian
 * value whose size the type fixes (Elsys's common sensor format). They differ only in which types
 * they have sensors for, so one class serves the three and a type the model has no sensor for is
 * rejected: it means the site file names the wrong model. Values and field names follow Elsys's
 * decoder in the TTN device repository ({@code vendor/elsys/elsys.js}): {@code temperature} (°C),
 * {@code humidity} (%), {@code light} (lux), {@code motion} (PIR movements since the last message),
 * {@code co2} (ppm), {@code vdd} (battery, mV), {@code occupancy} (0 vacant, 1 someone entering or
 * leaving, 2 occupied) and {@code grideye} (64 temperatures, °C).
 */
public final class ElsysErsCodec implements DeviceCodec {
    public static final String ERS = "elsys-ers";
    public static final String ERS_CO2 = "elsys-ers-co2";
    public static final String ERS_EYE = "elsys-ers-eye";
    /** Elsys's default application port for sensor data; the port is configurable on the device. */
    private static final int PORT = 5;

    private static final int TEMPERATURE = 0x01;
    private static final int HUMIDITY = 0x02;
    private static final int LIGHT = 0x04;
    private static final int MOTION = 0x05;
    private static final int CO2 = 0x06;
    private static final int VDD = 0x07;
    private static final int OCCUPANCY = 0x11;
    private static final int GRIDEYE = 0x13;
    private static final int GRIDEYE_PIXELS = 64;

    private static final Set<Integer> ERS_TYPES = Set.of(TEMPERATURE, HUMIDITY, LIGHT, MOTION, VDD);
    /** Every type this family reads, to tell "not this model's sensor" from "not a type we know". */
    private static final Set<Integer> KNOWN = Set.of(TEMPERATURE, HUMIDITY, LIGHT, MOTION, CO2, VDD, OCCUPANCY, GRIDEYE);

    private final String model;
    private final Set<Integer> types;

    private ElsysErsCodec(String model, Set<Integer> types) {
        this.model = model;
        this.types = types;
    }

    public static ElsysErsCodec ers() {
        return new ElsysErsCodec(ERS, ERS_TYPES);
    }

    public static ElsysErsCodec ersCo2() {
        return new ElsysErsCodec(ERS_CO2, union(ERS_TYPES, Set.of(CO2)));
    }

    public static ElsysErsCodec ersEye() {
        return new ElsysErsCodec(ERS_EYE, union(ERS_TYPES, Set.of(OCCUPANCY, GRIDEYE)));
    }

    private static Set<Integer> union(Set<Integer> a, Set<Integer> b) {
        Set<Integer> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return Set.copyOf(u);
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
    public Decoded decode(byte[] b, UplinkContext ctx) throws CodecException {
        Map<String, Object> f = new LinkedHashMap<>();
        int i = 0;
        while (i < b.length) {
            int type = b[i] & 0xFF;
            i++;
            if (!types.contains(type)) {
                throw new CodecException(String.format(KNOWN.contains(type)
                        ? "type 0x%02X at byte %d is a sensor " + model + " does not have" : "unknown type 0x%02X at byte %d",
                        type, i - 1));
            }
            switch (type) {
                case TEMPERATURE -> {
                    need(b, i, 2, type);
                    f.put("temperature", s16(b, i) / 10.0);
                    i += 2;
                }
                case HUMIDITY -> {
                    need(b, i, 1, type);
                    int rh = b[i] & 0xFF;
                    if (rh > 100) {
                        throw new CodecException("impossible humidity " + rh + " %");
                    }
                    f.put("humidity", rh);
                    i += 1;
                }
                case LIGHT -> {
                    need(b, i, 2, type);
                    f.put("light", u16(b, i));
                    i += 2;
                }
                case MOTION -> {
                    need(b, i, 1, type);
                    f.put("motion", b[i] & 0xFF);
                    i += 1;
                }
                case CO2 -> {
                    need(b, i, 2, type);
                    f.put("co2", u16(b, i));
                    i += 2;
                }
                case VDD -> {
                    need(b, i, 2, type);
                    f.put("vdd", u16(b, i));
                    i += 2;
                }
                case OCCUPANCY -> {
                    need(b, i, 1, type);
                    int occupancy = b[i] & 0xFF;
                    if (occupancy > 2) {
                        throw new CodecException("impossible occupancy state " + occupancy + " (0, 1 or 2)");
                    }
                    f.put("occupancy", occupancy);
                    i += 1;
                }
                case GRIDEYE -> {
                    need(b, i, 1 + GRIDEYE_PIXELS, type);
                    // A whole-degree reference and 64 tenths above it.
                    int ref = b[i] & 0xFF;
                    List<Double> pixels = new ArrayList<>(GRIDEYE_PIXELS);
                    for (int p = 0; p < GRIDEYE_PIXELS; p++) {
                        pixels.add(ref + (b[i + 1 + p] & 0xFF) / 10.0);
                    }
                    f.put("grideye", pixels);
                    i += 1 + GRIDEYE_PIXELS;
                }
                default -> throw new IllegalStateException("type 0x" + Integer.toHexString(type) + " accepted but not read");
            }
        }
        if (f.isEmpty()) {
            throw new CodecException("empty payload");
        }
        return new Decoded(f, readings(f, ctx));
    }

    private static void need(byte[] b, int i, int n, int type) throws CodecException {
        if (i + n > b.length) {
            throw new CodecException(String.format("type 0x%02X needs %d bytes, %d left", type, n, b.length - i));
        }
    }

    private static List<Reading> readings(Map<String, Object> f, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        Double temperature = decimal(f, "temperature");
        Double humidity = decimal(f, "humidity");
        Double light = decimal(f, "light");
        Double co2 = decimal(f, "co2");
        if (temperature != null || humidity != null || light != null || co2 != null) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new Environment(co2, temperature, humidity, light, null)));
        }
        String zone = ctx.device().zone();
        if (zone != null && (f.containsKey("motion") || f.containsKey("occupancy"))) {
            // Entering or leaving (1) is someone in the room as much as occupied (2) is.
            Boolean occupied = f.containsKey("occupancy") ? (Integer) f.get("occupancy") != 0 : null;
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new Motion(zone, occupied, (Integer) f.get("motion"))));
        }
        if (f.containsKey("vdd")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new DeviceStatus(null, (Integer) f.get("vdd"), null, null)));
        }
        return out;
    }

    private static Double decimal(Map<String, Object> f, String key) {
        Object v = f.get(key);
        return v == null ? null : ((Number) v).doubleValue();
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (f.containsKey("temperature")) {
            out.write(TEMPERATURE);
            write(out, Math.round(((Number) f.get("temperature")).doubleValue() * 10), 2);
        }
        writeIfPresent(out, f, "humidity", HUMIDITY, 1);
        writeIfPresent(out, f, "light", LIGHT, 2);
        writeIfPresent(out, f, "motion", MOTION, 1);
        writeIfPresent(out, f, "co2", CO2, 2);
        writeIfPresent(out, f, "vdd", VDD, 2);
        writeIfPresent(out, f, "occupancy", OCCUPANCY, 1);
        if (f.containsKey("grideye")) {
            @SuppressWarnings("unchecked")
            List<Number> pixels = (List<Number>) f.get("grideye");
            if (pixels.size() != GRIDEYE_PIXELS) {
                throw new IllegalArgumentException("grideye has " + GRIDEYE_PIXELS + " pixels, not " + pixels.size());
            }
            int ref = (int) Math.floor(pixels.stream().mapToDouble(Number::doubleValue).min().orElse(0));
            out.write(GRIDEYE);
            out.write(ref);
            for (Number p : pixels) {
                long tenths = Math.round((p.doubleValue() - ref) * 10);
                if (tenths > 255) {
                    throw new IllegalArgumentException("grideye spans more than 25.5 °C");
                }
                out.write((int) tenths);
            }
        }
        return out.toByteArray();
    }

    private static void writeIfPresent(ByteArrayOutputStream out, Map<String, Object> f, String key, int type, int bytes) {
        if (f.containsKey(key)) {
            out.write(type);
            write(out, ((Number) f.get(key)).longValue(), bytes);
        }
    }
}
