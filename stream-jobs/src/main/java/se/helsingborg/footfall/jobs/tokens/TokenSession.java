package se.helsingborg.footfall.jobs.tokens;

/**
 * One token's stay in one zone: from its first sighting there to its last, with no gap longer than
 * the session gap between them (epoch millis). Its dwell is {@code last - first}.
 */
public record TokenSession(String zoneId, long first, long last) {
    public long dwellMillis() {
        return last - first;
    }

    TokenSession seenAt(long t) {
        return new TokenSession(zoneId, Math.min(first, t), Math.max(last, t));
    }
}
