package se.helsingborg.footfall.ingest.codec;

import java.util.Map;

/**
 * Reads and writes one device model's payload bytes. Decoding is what the pipeline does; encoding
 * is what the simulators do, so that simulated devices send the real byte format.
 */
public interface DeviceCodec {
    /** The model id used in site files (DESIGN §7), e.g. {@code milesight-vs133}. */
    String model();

    /** The LoRaWAN port this model sends its measurements on. */
    int fPort();

    /**
     * Whether this model sends anything on {@code fPort}. Most models use one port; those that answer
     * commands or send device information on ports of their own say so here, and decode by port.
     */
    default boolean acceptsPort(int fPort) {
        return fPort == fPort();
    }

    Decoded decode(byte[] payload, UplinkContext context) throws CodecException;

    /** The payload that carries these vendor fields; the inverse of {@link #decode}'s fields. */
    byte[] encode(Map<String, Object> fields);
}
