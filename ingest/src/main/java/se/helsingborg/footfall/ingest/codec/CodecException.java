package se.helsingborg.footfall.ingest.codec;

/** A payload its codec cannot read: wrong length, unknown channel, impossible value. */
public class CodecException extends Exception {
    public CodecException(String reason) {
        super(reason);
    }
}
