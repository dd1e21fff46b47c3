package se.helsingborg.footfall.jobs.occupancy;

/**
 * What one zone heard for a minute not yet closed: its gates' entries and exits, the latest area
 * count and the latest recount within the minute ({@code -1} when there was none; times in epoch
 * millis), and the largest area count, for the minute's maximum.
 */
public record PendingMinute(long entries, long exits, long areaTime, int areaCount, int areaMax, long areaStaleAfterMs,
        long recountTime, int recount) {

    static final PendingMinute EMPTY = new PendingMinute(0, 0, -1, -1, -1, 0, -1, -1);

    PendingMinute plusFlow(long moreEntries, long moreExits) {
        return new PendingMinute(entries + moreEntries, exits + moreExits, areaTime, areaCount, areaMax, areaStaleAfterMs,
                recountTime, recount);
    }

    PendingMinute withCount(ZoneCount c) {
        if (c.recount()) {
            return c.time() >= recountTime
                    ? new PendingMinute(entries, exits, areaTime, areaCount, areaMax, areaStaleAfterMs, c.time(), c.count())
                    : this;
        }
        int max = Math.max(areaMax, c.count());
        return c.time() >= areaTime
                ? new PendingMinute(entries, exits, c.time(), c.count(), max, c.staleAfterMs(), recountTime, recount)
                : new PendingMinute(entries, exits, areaTime, areaCount, max, areaStaleAfterMs, recountTime, recount);
    }

    boolean hasArea() {
        return areaTime >= 0;
    }

    boolean hasRecount() {
        return recountTime >= 0;
    }
}
