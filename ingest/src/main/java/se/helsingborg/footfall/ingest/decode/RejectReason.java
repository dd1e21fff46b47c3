package se.helsingborg.footfall.ingest.decode;

/** Why a message was rejected, as a short tag for metrics; the message text gives the detail. */
public enum RejectReason {
    /** No envelope reads the topic. */
    UNKNOWN_TOPIC,
    /** The envelope could not be read: malformed JSON, missing fields, bad base64, bad times. */
    BAD_ENVELOPE,
    /** The device is not in the site file. */
    UNKNOWN_DEVICE,
    /** The device arrived in another envelope than the site file registers for it. */
    WRONG_ENVELOPE,
    /** The device's model has no codec. */
    UNKNOWN_MODEL,
    /** The device sent on a port its model does not report on. */
    WRONG_PORT,
    /** The codec could not read the payload: wrong length, unknown channel, impossible value. */
    BAD_PAYLOAD,
    /** A time in the message lies further ahead of its reception than a clock error could explain. */
    FUTURE_TIME,
    /** A manual recount (anchor) that cannot be read: malformed JSON, no zone, a count that is no count. */
    BAD_ANCHOR,
    /** A manual recount for a zone the site file does not have (or not in the topic's site). */
    UNKNOWN_ZONE,
    /**
     * A reading older than the allowed lateness behind the watermark: its minute is written and
     * it can no longer be told from one already counted (rejected after decoding, by the job).
     */
    TOO_LATE;

    /** The tag as metrics and tables show it: {@code bad_payload}. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
