package se.helsingborg.footfall.jobs.dwell;

import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;
import se.helsingborg.footfall.jobs.occupancy.OccupancyFunction;

/**
 * A flow's counts laid over the minutes of its period, for dwell. Occupancy puts a count in the
 * minute holding its period's last instant, since the minutes before are written by the time it
 * comes; dwell works a day out only when it is over, so it can put them where they happened. That
 * matters for the crossings recovered after a counter was offline ({@code LineRecoveryFunction}):
 * one count for a gap of up to hours. At the gap's end, every exit of the gap would be a stay
 * lasting until then and every entry a stay starting then; spread evenly over the gap, the zone's
 * curves run straight from the gap's start to its end, which is where they were on average.
 */
final class PeriodMinutes {
    private PeriodMinutes() {}

    /**
     * The flow's entries and exits per minute start (epoch millis), in whole people: each minute
     * gets the share of the period it holds, rounded so that the running totals stay whole. No
     * minute before {@code notBefore} gets any: what the period held before it is put in the
     * first minute from then on.
     */
    static SortedMap<Long, MinuteFlow> of(ZoneFlow flow, long notBefore) {
        Optional<DwellCurves.Spread> span = span(flow, notBefore);
        SortedMap<Long, MinuteFlow> minutes = new TreeMap<>();
        if (span.isEmpty()) {
            minutes.put(OccupancyFunction.minuteOf(flow.periodEnd()), new MinuteFlow(flow.entries(), flow.exits()));
            return minutes;
        }
        long first = span.get().firstMinute();
        long last = span.get().lastMinute();
        long start = Math.max(flow.periodEnd() - Math.max(0, flow.periodMillis()), notBefore);
        double length = flow.periodEnd() - start;
        long entriesSoFar = 0;
        long exitsSoFar = 0;
        for (long m = first; m <= last; m += DwellCurves.MINUTE) {
            double share = m == last ? 1 : (m + DwellCurves.MINUTE - start) / length;
            long entries = Math.round(flow.entries() * share);
            long exits = Math.round(flow.exits() * share);
            if (entries != entriesSoFar || exits != exitsSoFar) { // a withdrawal counts down
                minutes.put(m, new MinuteFlow(entries - entriesSoFar, exits - exitsSoFar));
            }
            entriesSoFar = entries;
            exitsSoFar = exits;
        }
        return minutes;
    }

    /** The minutes (first and last) the flow's counts are spread over; none when they all go to one minute. */
    static Optional<DwellCurves.Spread> span(ZoneFlow flow, long notBefore) {
        long last = OccupancyFunction.minuteOf(flow.periodEnd());
        long start = Math.max(flow.periodEnd() - Math.max(0, flow.periodMillis()), notBefore);
        long first = Math.min(last, Math.floorDiv(start, DwellCurves.MINUTE) * DwellCurves.MINUTE);
        if (first == last || flow.periodEnd() <= start) {
            return Optional.empty();
        }
        return Optional.of(new DwellCurves.Spread(first, last));
    }
}
