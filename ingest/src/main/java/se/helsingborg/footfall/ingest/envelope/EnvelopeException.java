package se.helsingborg.footfall.ingest.envelope;

/** A message that is not a well-formed envelope; the message says what is wrong, for the rejected table. */
public class EnvelopeException extends Exception {
    public EnvelopeException(String reason) {
        super(reason);
    }

    public EnvelopeException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
