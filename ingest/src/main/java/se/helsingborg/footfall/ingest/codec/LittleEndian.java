package se.helsingborg.footfall.ingest.codec;

import java.io.ByteArrayOutputStream;
import java.util.Map;

/** Reading and writing the little-endian values of Milesight-style (and Browan) payloads. */
final class LittleEndian {
    private LittleEndian() {}

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }

    static int u24(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16;
    }

    static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    static void write(ByteArrayOutputStream out, long value, int bytes) {
        for (int k = 0; k < bytes; k++) {
            out.write((int) (value >>> (8 * k)) & 0xFF);
        }
    }

    /** Fails unless {@code n} bytes follow position {@code i}: the channel's value is all there. */
    static void need(byte[] b, int i, int n, int channel, int type) throws CodecException {
        if (i + n > b.length) {
            throw new CodecException(String.format(
                    "channel 0x%02X type 0x%02X needs %d bytes, %d left", channel, type, n, b.length - i));
        }
    }

    /** A numeric field of a decoded or to-be-encoded payload. */
    static long num(Map<String, Object> fields, String key) {
        return ((Number) fields.get(key)).longValue();
    }
}
