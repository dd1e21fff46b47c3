package se.helsingborg.footfall.ingest.recorded;

/** A line of a recordings file that is not a recorded message; the message says why. */
public class RecordedMessageException extends Exception {
    public RecordedMessageException(String reason) {
        super(reason);
    }
}
