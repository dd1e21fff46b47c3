package se.helsingborg.footfall.jobs.occupancy;

import java.util.ArrayList;
import java.util.List;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * A zone's minutes written again once a reset or a recount has shown how far its count had
 * drifted above the people inside: the drift taken out of them as the counters most likely
 * gathered it, so that the history planners read is what the day turned out to be.
 *
 * <p>Counters miss a share of the people they see, so the people the count still had at the
 * reset (the exits it missed) are taken out in step with the exits it did see: by the end of each
 * minute, the drift times the share of the minutes' exits seen so far, rounded, and never below
 * zero people. The minutes are those since the count last stood at zero: nobody whose exit was
 * missed before then can still be counted inside, as the count never falls below what it wrongly
 * holds, so in a room that empties now and then the correction lands near where the exits were
 * missed. Minutes without exits take it in step with their entries, and quiet minutes alone one
 * minute at a time. Entries and exits stay as counted. This is the occupancy counterpart of the
 * balanced day of {@code DwellCurves}.
 *
 * <p>Only a count that ran high is corrected: one that ran low shows as clamps at zero, and where
 * a recount found more people than counted, when the missed entries came is not known.
 */
final class BalancedMinutes {
    private BalancedMinutes() {}

    /**
     * The rows to write again for {@code since} (in minute order, every one with people inside,
     * one minute after another) when the count ended them {@code drift} people high: each changed
     * row, or its retraction where it is left a quiet minute with nobody inside (such minutes have
     * no row).
     */
    static List<OccupancyMinute> of(List<OccupancyMinute> since, int drift) {
        List<OccupancyMinute> again = new ArrayList<>();
        if (drift <= 0 || since.isEmpty()) {
            return again;
        }
        long exits = since.stream().mapToLong(m -> Math.max(0, m.exits())).sum();
        long entries = since.stream().mapToLong(m -> Math.max(0, m.entries())).sum();
        long total = exits > 0 ? exits : entries > 0 ? entries : since.size();
        long seen = 0;
        int takenBefore = 0;
        Integer startBefore = null; // the count at the minute's start, as written: the minute before's
        for (OccupancyMinute m : since) {
            seen += exits > 0 ? Math.max(0, m.exits()) : entries > 0 ? Math.max(0, m.entries()) : 1;
            int taken = (int) Math.round((double) drift * seen / total);
            // The maximum is the larger of the count at the minute's start and at its end; the
            // first minute's start is not known here, but its maximum is then its start or its end.
            int start = startBefore == null ? m.maxOccupancy() : startBefore;
            startBefore = m.occupancy();
            int takenAtStart = takenBefore;
            takenBefore = taken;
            if (taken == 0) {
                continue;
            }
            int occupancy = Math.max(0, m.occupancy() - taken);
            int max = Math.max(occupancy, start - takenAtStart);
            if (max == 0 && m.entries() == 0 && m.exits() == 0) {
                again.add(OccupancyMinute.retraction(m.zoneId(), m.minute()));
            } else {
                again.add(new OccupancyMinute(m.zoneId(), m.minute(), occupancy, max, m.entries(), m.exits()));
            }
        }
        return again;
    }
}
