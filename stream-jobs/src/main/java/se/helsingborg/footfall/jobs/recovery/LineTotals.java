package se.helsingborg.footfall.jobs.recovery;

/**
 * Where a counting line stood at the last running total taken: when, the totals in and out, and
 * the frame counter of the message that carried them (a device that reboots counts frames afresh).
 */
public record LineTotals(long time, long totalIn, long totalOut, long frameCounter) {}
