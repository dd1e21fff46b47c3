package se.helsingborg.footfall.jobs.recovery;

/**
 * Where a counting line stood at its last total taken as a reference: the running totals, the
 * frame counter of the message that carried them, and the period counts passed on since, which
 * the next total must not count again.
 */
public record LineTotals(long time, long totalIn, long totalOut, long frameCounter, long periodIn, long periodOut) {
    public LineTotals withPeriod(long in, long out) {
        return new LineTotals(time, totalIn, totalOut, frameCounter, periodIn + in, periodOut + out);
    }
}
