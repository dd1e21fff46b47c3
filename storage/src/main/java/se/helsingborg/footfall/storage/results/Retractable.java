package se.helsingborg.footfall.storage.results;

/**
 * A result row that a rewrite can take back. A late reading within the allowed lateness can empty
 * a minute (or day) whose row was written already: crossings moved to a late period count's own
 * minute, say. On time that minute would have had no row, so the operator sends the row's key as a
 * retraction and the sinks remove the row (a database {@code DELETE} by key, a CSV file's key
 * dropped) instead of upserting a row of zeros. Only rows written before are retracted.
 */
public interface Retractable {
    /** Whether this is no row but the removal of the row with this key; the other values are then zero. */
    boolean retracted();
}
