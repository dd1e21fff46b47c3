package se.helsingborg.footfall.ingest.codec;

import java.util.List;
import java.util.Map;

/**
 * The device information channels (id 0xFF) that Milesight's battery and ambience sensors (WS202,
 * AM307, AM319) send when they join or power on: protocol, hardware, firmware and TSL versions,
 * serial number and LoRaWAN class. Formatted as Milesight's current decoders for those models
 * format them. The camera-type counters (VS121, VS135) version themselves differently and read
 * their own.
 */
final class MilesightDeviceInfo {
    private static final List<String> CLASSES = List.of("Class A", "Class B", "Class C", "Class CtoB");

    private MilesightDeviceInfo() {}

    /** Reads the current channel into {@code f} if it is one of these; false when it is not. */
    static boolean read(MilesightChannels c, Map<String, Object> f) throws CodecException {
        if (c.id() != 0xFF) {
            return false;
        }
        switch (c.type()) {
            case 0x01 -> {
                int v = c.value(1).u8();
                f.put("ipso_version", "v" + (v >> 4) + "." + (v & 0x0F));
            }
            case 0x09 -> {
                c.value(2);
                f.put("hardware_version", "v" + c.u8() + "." + (c.u8() >> 4));
            }
            case 0x0A -> {
                c.value(2);
                f.put("firmware_version", "v" + c.u8() + "." + c.u8());
            }
            case 0x0F -> {
                int v = c.value(1).u8();
                f.put("lorawan_class", v < CLASSES.size() ? CLASSES.get(v) : "unknown");
            }
            case 0x16 -> f.put("sn", c.value(8).hex(8));
            case 0xFF -> {
                c.value(2);
                f.put("tsl_version", "v" + c.u8() + "." + c.u8());
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
