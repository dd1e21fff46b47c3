package se.helsingborg.footfall.ingest.decode;

/** Why a message was rejected: a reason tag for metrics and a text for the rejected-messages table. */
public class MessageRejectedException extends Exception {
    private final RejectReason reason;

    public MessageRejectedException(RejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
