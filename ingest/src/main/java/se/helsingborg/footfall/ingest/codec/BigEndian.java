package se.helsingborg.footfall.ingest.codec;

import java.io.ByteArrayOutputStream;

/**
 * Reading and writing big-endian (network order) values, most significant byte first: the order
 * Elsys, IMBuildings and Terabee payloads use.
 */
final class BigEndian {
    private BigEndian() {}

    static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }

    static long u32(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }

    static int s32(byte[] b, int i) {
        return (int) u32(b, i);
    }

    static void write(ByteArrayOutputStream out, long value, int bytes) {
        for (int k = bytes - 1; k >= 0; k--) {
            out.write((int) (value >>> (8 * k)) & 0xFF);
        }
    }
}
