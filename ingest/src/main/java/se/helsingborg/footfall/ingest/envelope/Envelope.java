package se.helsingborg.footfall.ingest.envelope;

import java.time.Instant;
import java.util.Optional;

/**
 * How one network server (or Footfall's own JSON) wraps a device message on MQTT. The topic says
 * which envelope a message is in; the envelope names the device, the frame counter and the time.
 */
public interface Envelope {
    /** The envelope id used in site files: {@code ttn-v3}, {@code chirpstack-v4}, ... */
    String name();

    /** The MQTT topic filter this envelope's uplinks arrive on. */
    String topicFilter();

    boolean matches(String topic);

    /**
     * The device a topic names, as the topic spells it, when it is one of this envelope's topics:
     * what can still be said of a message whose payload cannot be read.
     */
    default Optional<String> deviceInTopic(String topic) {
        return Optional.empty();
    }

    /**
     * @param receivedAt when Footfall received the message: the time of a message whose envelope
     *     carries none
     */
    Uplink parse(String topic, byte[] message, Instant receivedAt) throws EnvelopeException;

    /**
     * Whether an uplink's {@code receivedAt} is when the network received the message (true), or
     * the sender's own claim of when it measured (false). Only a reception time can tell whether a
     * message's times lie in the future: a sender's clock cannot vouch for itself.
     */
    default boolean stampsReception() {
        return true;
    }
}
