package se.helsingborg.footfall.ingest.decode;

import java.time.Instant;

/**
 * A message the pipeline could not use, with the reason and the payload exactly as received, so
 * an operator can see what went wrong and nothing is silently lost.
 */
public record RejectedMessage(String topic, Instant receivedAt, String reason, byte[] payload) {}
