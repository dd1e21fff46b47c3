package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.u16;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.u24;
import static se.helsingborg.footfall.ingest.codec.LittleEndian.write;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Environment;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Browan Tabs TBMS100, a PIR motion and occupancy sensor.
 *
 * <p>It sends one 8-byte message on port 102, when its occupancy changes and periodically: status
 * (bit 0: occupied), battery (low nibble n: (25 + n) / 10 V), board temperature (low 7 bits − 32 °C),
 * the time since the last event (uint16) and the number of motion events it has counted since it
 * started (uint24). Unlike the other non-Milesight vendors here, Browan is little-endian. Field names
 * and values follow Browan's decoder in the TTN device repository ({@code vendor/browan/tbms100.js}):
 * {@code status}, {@code battery}, {@code temperatureBoard}, {@code time}, {@code count}.
 *
 * <p>The motion count is a running total, so it is not a {@link Motion}'s count of one period's
 * movements; the reading carries only the occupied flag, and the total stays in the fields.
 */
public final class BrowanTbms100Codec implements DeviceCodec {
    public static final String MODEL = "browan-tbms100";
    private static final int PORT = 102;
    private static final int LENGTH = 8;

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
        if (ctx.fPort() != PORT) {
            throw new CodecException("unknown fPort " + ctx.fPort() + " (" + MODEL + " sends on " + PORT + ")");
        }
        if (b.length != LENGTH) {
            throw new CodecException("a status message has " + LENGTH + " bytes, not " + b.length);
        }
        boolean allZero = true;
        for (byte x : b) {
            allZero &= x == 0;
        }
        if (allZero) {
            // The vendor's decoder reads all zeros as no message at all.
            throw new CodecException("empty payload (all zeros)");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("status", b[0] & 0x01);
        f.put("battery", (25 + (b[1] & 0x0F)) / 10.0);
        f.put("temperatureBoard", (b[2] & 0x7F) - 32);
        f.put("time", u16(b, 3));
        f.put("count", u24(b, 5));
        return new Decoded(f, readings(b, f, ctx));
    }

    private static List<Reading> readings(byte[] b, Map<String, Object> f, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        String zone = ctx.device().zone();
        if (zone != null) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new Motion(zone, (Integer) f.get("status") == 1, null)));
        }
        out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                new Environment(null, ((Integer) f.get("temperatureBoard")).doubleValue(), null)));
        // From the nibble, not the rounded volts: 2.5 V + n × 100 mV.
        out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                new DeviceStatus(null, 2500 + 100 * (b[1] & 0x0F), null, null)));
        return out;
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        long battery = Math.round(((Number) f.get("battery")).doubleValue() * 10) - 25;
        long temperature = ((Number) f.get("temperatureBoard")).longValue() + 32;
        if (battery < 0 || battery > 15) {
            throw new IllegalArgumentException("battery is 2.5 to 4.0 V: " + f.get("battery"));
        }
        if (temperature < 0 || temperature > 127) {
            throw new IllegalArgumentException("temperatureBoard is -32 to 95 °C: " + f.get("temperatureBoard"));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(((Number) f.get("status")).intValue() & 0x01);
        out.write((int) battery);
        out.write((int) temperature);
        write(out, ((Number) f.get("time")).longValue(), 2);
        write(out, ((Number) f.get("count")).longValue(), 3);
        return out.toByteArray();
    }
}
