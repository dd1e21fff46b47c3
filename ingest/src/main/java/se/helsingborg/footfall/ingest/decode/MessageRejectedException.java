package se.helsingborg.footfall.ingest.decode;

/** Why a message was rejected: a reason tag for metrics and a text for the rejected-messages table. */
public class MessageRejectedException extends Exception {
    private final RejectReason reason;
    private final java.time.Instant stampedReception;

    public MessageRejectedException(RejectReason reason, String detail) {
        this(reason, detail, null);
    }

    private MessageRejectedException(RejectReason reason, String detail, java.time.Instant stampedReception) {
        super(detail);
        this.reason = reason;
        this.stampedReception = stampedReception;
    }

    /** The same rejection, knowing when the network server received the message. */
    public MessageRejectedException stampedAt(java.time.Instant reception) {
        return new MessageRejectedException(reason, getMessage(), reception);
    }

    /**
     * When the network server received the message, if its envelope said so: unlike the arrival at
     * Footfall, a redelivery repeats it, so the rejected message's row is written once.
     */
    public java.util.Optional<java.time.Instant> stampedReception() {
        return java.util.Optional.ofNullable(stampedReception);
    }

    public RejectReason reason() {
        return reason;
    }
}
