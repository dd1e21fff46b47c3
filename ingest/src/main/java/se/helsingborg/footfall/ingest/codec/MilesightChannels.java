package se.helsingborg.footfall.ingest.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * A cursor over a Milesight payload: channel after channel, each a channel id byte, a type byte
 * and a value whose size the pair fixes. A codec asks for the next channel, recognises its id and
 * type, declares the value's size with {@link #value(int)} (which fails when the payload ends too
 * soon) and reads the value's parts in order.
 */
final class MilesightChannels {
    private final byte[] b;
    private int pos;
    private int headerAt = -1;
    private int id;
    private int type;

    MilesightChannels(byte[] payload) throws CodecException {
        if (payload.length == 0) {
            throw new CodecException("empty payload");
        }
        this.b = payload;
    }

    /** Moves to the next channel's header; false when the payload is read to its end. */
    boolean next() throws CodecException {
        if (pos >= b.length) {
            return false;
        }
        if (pos + 2 > b.length) {
            throw new CodecException("truncated channel header at byte " + pos + " of " + b.length);
        }
        headerAt = pos;
        id = b[pos] & 0xFF;
        type = b[pos + 1] & 0xFF;
        pos += 2;
        return true;
    }

    int id() {
        return id;
    }

    int type() {
        return type;
    }

    boolean is(int channelId, int channelType) {
        return id == channelId && type == channelType;
    }

    /** Fails unless the current channel's value, {@code bytes} long, is all there. */
    MilesightChannels value(int bytes) throws CodecException {
        LittleEndian.need(b, pos, bytes, id, type);
        return this;
    }

    int u8() {
        return b[pos++] & 0xFF;
    }

    int u16() {
        int v = LittleEndian.u16(b, pos);
        pos += 2;
        return v;
    }

    int s16() {
        int v = LittleEndian.s16(b, pos);
        pos += 2;
        return v;
    }

    /** The one big-endian value Milesight uses: the VS121's region occupancy mask. */
    int u16be() {
        int v = (b[pos] & 0xFF) << 8 | (b[pos + 1] & 0xFF);
        pos += 2;
        return v;
    }

    long u32() {
        long v = LittleEndian.u32(b, pos);
        pos += 4;
        return v;
    }

    /** {@code bytes} bytes as lower-case hex, as the vendor prints serial numbers. */
    String hex(int bytes) {
        String s = HexFormat.of().formatHex(b, pos, pos + bytes);
        pos += bytes;
        return s;
    }

    /** The error for a channel this model does not send. */
    CodecException unknown() {
        return new CodecException(String.format("unknown channel 0x%02X type 0x%02X at byte %d", id, type, headerAt));
    }

    /** The error for a value the sensor cannot have measured. */
    CodecException impossible(String what, Object value, String why) {
        return new CodecException(String.format("impossible %s %s in channel 0x%02X type 0x%02X: %s", what, value, id, type, why));
    }

    /** Writes channels the way devices send them; what encoders use. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer channel(int channelId, int channelType) {
            out.write(channelId);
            out.write(channelType);
            return this;
        }

        Writer u8(long v) {
            out.write((int) v & 0xFF);
            return this;
        }

        Writer u16(long v) {
            LittleEndian.write(out, v, 2);
            return this;
        }

        Writer u16be(long v) {
            out.write((int) (v >>> 8) & 0xFF);
            out.write((int) v & 0xFF);
            return this;
        }

        Writer u32(long v) {
            LittleEndian.write(out, v, 4);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
