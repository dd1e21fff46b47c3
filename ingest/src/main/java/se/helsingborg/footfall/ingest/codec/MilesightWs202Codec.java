package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.LittleEndian.num;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.Motion;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Milesight WS202, a battery PIR sensor with a daylight switch.
 *
 * <p>Channels: battery 0x01 0x75 (uint8 %), PIR 0x03 0x00 (0 normal, 1 trigger), light 0x04 0x00
 * (0 dark, 1 light), the device information channels of {@link MilesightDeviceInfo}, and on 0xFF
 * the power-on (0x0B), reset (0xFE) and reporting interval (0x03, uint16 s) announcements. The
 * measurement fields are named as in the decoder of The Things Network's device repository
 * ({@code pir}, {@code light}); Milesight's newer decoder calls the light channel {@code daylight},
 * which Footfall does not follow so that fields match what the network server shows.
 */
public final class MilesightWs202Codec implements DeviceCodec {
    public static final String MODEL = "milesight-ws202";
    private static final int PORT = 85;

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
        MilesightChannels c = new MilesightChannels(payload);
        while (c.next()) {
            if (c.is(0x01, 0x75)) {
                int battery = c.value(1).u8();
                if (battery > 100) {
                    throw c.impossible("battery", battery + " %", "above 100 %");
                }
                f.put("battery", battery);
            } else if (c.is(0x03, 0x00)) {
                f.put("pir", c.value(1).u8() == 0 ? "normal" : "trigger");
            } else if (c.is(0x04, 0x00)) {
                f.put("light", c.value(1).u8() == 0 ? "dark" : "light");
            } else if (MilesightDeviceInfo.read(c, f)) {
                continue;
            } else if (c.is(0xFF, 0x0B)) {
                c.value(1).u8();
                f.put("device_status", "on"); // the power-on announcement; its byte carries nothing
            } else if (c.is(0xFF, 0xFE)) {
                c.value(1).u8();
                f.put("reset_event", "reset");
            } else if (c.is(0xFF, 0x03)) {
                f.put("report_interval", c.value(2).u16());
            } else {
                throw c.unknown();
            }
        }
        return new Decoded(f, readings(f, ctx));
    }

    private static List<Reading> readings(Map<String, Object> f, UplinkContext ctx) {
        List<Reading> out = new ArrayList<>();
        String device = ctx.device().id();
        String zone = ctx.device().zone();
        if (f.containsKey("pir") && zone != null) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(),
                    new Motion(zone, "trigger".equals(f.get("pir")), null)));
        }
        // The light channel is a dark/light switch, not a lux value: it stays a field.
        if (f.containsKey("battery")) {
            out.add(Reading.of(device, ctx.time(), ctx.receivedAt(), ctx.fCnt(), DeviceStatus.battery((int) num(f, "battery"))));
        }
        return out;
    }

    @Override
    public byte[] encode(Map<String, Object> f) {
        MilesightChannels.Writer w = new MilesightChannels.Writer();
        if (f.containsKey("battery")) {
            w.channel(0x01, 0x75).u8(num(f, "battery"));
        }
        if (f.containsKey("pir")) {
            w.channel(0x03, 0x00).u8("trigger".equals(f.get("pir")) ? 1 : 0);
        }
        if (f.containsKey("light")) {
            w.channel(0x04, 0x00).u8("light".equals(f.get("light")) ? 1 : 0);
        }
        return w.bytes();
    }
}
