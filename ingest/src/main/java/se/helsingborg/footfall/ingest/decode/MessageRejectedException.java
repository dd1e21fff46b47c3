package se.helsingborg.footfall.ingest.decode;

/** Why a message was rejected; the text goes to the rejected-messages table. */
public class MessageRejectedException extends Exception {
    public MessageRejectedException(String reason) {
        super(reason);
    }
}
