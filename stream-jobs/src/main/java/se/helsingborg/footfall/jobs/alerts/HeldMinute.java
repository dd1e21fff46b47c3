package se.helsingborg.footfall.jobs.alerts;

/**
 * A minute of a zone's occupancy that {@link AlertFunction} holds while late readings may still
 * change it: the most people in it and the occupancy at its end, or, {@code carried}, a minute the
 * watermark passed without a row, in which the zone kept the occupancy of the minute before (as it
 * does while quiet), whatever that turns out to be.
 */
public record HeldMinute(int maxOccupancy, int occupancy, boolean carried) {
    static final HeldMinute CARRIED = new HeldMinute(0, 0, true);
}
