package se.helsingborg.footfall.jobs.occupancy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * The rules by which one zone's minutes close (DESIGN §5), as a function of where the zone stood
 * and what the minute heard, with no Flink state of its own: {@link OccupancyFunction} closes each
 * minute with them once, and runs them again over the minutes it keeps when a late reading changes
 * one, so a rewritten minute comes out exactly as if the reading had been on time.
 */
final class ZoneMinutes {
    private static final long MINUTE = OccupancyFunction.MINUTE;

    private final SiteModel site;
    private final Zone zone;
    private final long maxFill;

    ZoneMinutes(SiteModel site, Zone zone, long maxFill) {
        this.site = site;
        this.zone = zone;
        this.maxFill = maxFill;
    }

    /** What closing minutes gave: rows by minute, every correction in order, and times to look at the state again. */
    static final class Closed {
        final TreeMap<Long, OccupancyMinute> rows = new TreeMap<>();
        final List<OccupancyCorrection> corrections = new ArrayList<>();
        /** When stale area counts and finished days' corrections may be dropped. */
        final List<Long> wakeUps = new ArrayList<>();
        /**
         * Minutes at whose start or end the count was set anew (a reset, a recount, an area
         * count), with how many more the count had said than it was set to: the drift it had
         * gathered, where the minute tells (0 where it does not, as with an area count).
         */
        final TreeMap<Long, Integer> rebases = new TreeMap<>();
        int clamps;
        int recounts;

        /** The last corrections of each day. */
        Map<LocalDate, OccupancyCorrection> correctionsByDay() {
            Map<LocalDate, OccupancyCorrection> byDay = new LinkedHashMap<>();
            for (OccupancyCorrection c : corrections) {
                byDay.put(c.day(), c);
            }
            return byDay;
        }
    }

    /** Closes the minutes of {@code inputs} in order, from {@code start}. */
    ZoneState closeAll(ZoneState start, Map<Long, PendingMinute> inputs, Closed out) {
        ZoneState s = start;
        for (Map.Entry<Long, PendingMinute> e : new TreeMap<>(inputs).entrySet()) {
            s = close(s, e.getKey(), e.getValue(), out);
        }
        return s;
    }

    /**
     * Closes {@code minute} with what it heard: the quiet minutes since the last one closed first
     * (their occupancy carried over, the zone's reset applied), then the minute itself.
     */
    ZoneState close(ZoneState state, long minute, PendingMinute p, Closed out) {
        int current = state.occupancy();
        ZoneCount counter = state.area();
        OccupancyCorrection[] today = {state.corrections()};
        Long closed = state.lastClosedMinute();
        if (closed != null) {
            boolean fill = minute - closed <= maxFill;
            for (long m = closed + MINUTE; m < minute; m += MINUTE) {
                int before = current;
                current = resetIfDue(m, current, counter, today, out);
                if (fill && before > 0) {
                    // An empty quiet minute has no row, as below: whether the state was still
                    // held when it passed depends on watermark timing, the row would not. The
                    // minute a reset empties the zone has its row, so the series shows the drop.
                    out.rows.put(m, new OccupancyMinute(zone.id(), Instant.ofEpochMilli(m), current, current, 0, 0));
                }
            }
        }
        int carried = current;
        current = resetIfDue(minute, current, counter, today, out);
        boolean emptiedByReset = carried > 0 && current == 0;
        int start = current;
        boolean holding = fresh(counter, minute + MINUTE);
        long gates = (long) start + p.entries() - p.exits();
        int gateEnd = (int) Math.max(0, Math.min(gates, Integer.MAX_VALUE));
        boolean areaSets = p.hasArea() && (!p.hasRecount() || p.areaTime() > p.recountTime());
        int end;
        if (areaSets) {
            end = p.areaCount();
        } else if (p.hasRecount()) {
            end = p.recount();
        } else if (holding) {
            end = start;
        } else {
            end = gateEnd;
            if (gates < 0) {
                out.clamps++; // more out than in: the counters drifted; never report negative people
                correct(minute, today, out, OccupancyCorrection::clamped);
            }
        }
        if (p.hasRecount()) {
            int without = p.hasArea() && p.areaTime() <= p.recountTime() ? p.areaCount() : holding ? start : gateEnd;
            int difference = p.recount() - without;
            out.recounts++;
            correct(minute, today, out, c -> c.anchored(difference));
            out.rebases.putIfAbsent(minute, -difference);
        }
        if (p.hasArea() || holding) {
            out.rebases.putIfAbsent(minute, 0); // the counter's, not the gates': nothing drifted
        }
        if (p.hasArea()) {
            counter = new ZoneCount(zone.id(), p.areaTime(), p.areaCount(), false, p.areaStaleAfterMs());
            long staleAt = counter.time() + counter.staleAfterMs();
            out.wakeUps.add(Math.floorDiv(staleAt, MINUTE) * MINUTE + MINUTE - 1);
        }
        int max = Math.max(Math.max(start, end), p.hasArea() ? p.areaMax() : 0);
        if (max > 0 || p.entries() != 0 || p.exits() != 0 || emptiedByReset) {
            // a zone that was and stayed empty with nobody passing has no row (an area counter saying 0);
            // the minute a reset empties it has one, as a quiet minute would
            out.rows.put(minute, new OccupancyMinute(zone.id(), Instant.ofEpochMilli(minute), end, max, count(p.entries()),
                    count(p.exits())));
        }
        return new ZoneState(end, minute, counter, today[0]);
    }

    private static int count(long n) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(n, Integer.MAX_VALUE));
    }

    /** Whether an area count still holds the zone at {@code time}: its counter has not gone quiet. */
    static boolean fresh(ZoneCount counter, long time) {
        return counter != null && time - counter.time() <= counter.staleAfterMs();
    }

    /**
     * Zero at the start of the zone's reset minute when the zone is closed then (DESIGN §5), or
     * open if its reset says so; the people it still counted are the day's residual. Not while an
     * area counter holds the zone.
     */
    private int resetIfDue(long minute, int current, ZoneCount counter, OccupancyCorrection[] today, Closed out) {
        if (current == 0 || fresh(counter, minute)) {
            return current;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        if (zone.reset().resetsAt(local, zone.hours())) {
            int residual = current;
            correct(minute, today, out, c -> c.reset(residual));
            out.rebases.put(minute, residual);
            return 0;
        }
        return current;
    }

    /**
     * The first minute after {@code minute} that may reset the zone (epoch millis), or null when
     * the zone is never reset: the end of the zone's day that holds {@code minute}.
     */
    Long nextReset(long minute) {
        if (!zone.reset().everResets(zone.hours())) {
            return null;
        }
        LocalDate day = zone.reset().dayOf(Instant.ofEpochMilli(minute), site.timezone(), zone.hours());
        long end = zone.reset().endOf(day, zone.hours()).atZone(site.timezone()).toInstant().toEpochMilli();
        return Math.floorDiv(end, MINUTE) * MINUTE;
    }

    /** Adds a correction to the day of {@code minute}: the day's totals so far are emitted. */
    private void correct(long minute, OccupancyCorrection[] today, Closed out, UnaryOperator<OccupancyCorrection> change) {
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(minute), site.timezone());
        OccupancyCorrection c = today[0];
        if (c == null || !c.day().equals(day)) {
            c = OccupancyCorrection.none(zone.id(), day);
        }
        c = change.apply(c);
        today[0] = c;
        out.corrections.add(c);
        // kept to the day's end so a later correction adds to the totals instead of starting over
        out.wakeUps.add(endOf(day) - 1);
    }

    /** The first instant of the next local day, epoch millis. */
    long endOf(LocalDate day) {
        return day.plusDays(1).atStartOfDay(site.timezone()).toInstant().toEpochMilli();
    }
}
