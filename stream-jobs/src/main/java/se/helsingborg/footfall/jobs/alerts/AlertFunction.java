package se.helsingborg.footfall.jobs.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.site.AlertSettings;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Capacity alerts of one zone (the key) from its occupancy per minute, in event time, at the site
 * file's busy and full levels ({@link AlertSettings}), each level an episode of its own.
 *
 * <p>A minute counts as at a level when the most people in it ({@code maxOccupancy}) reached the
 * level: the occupancy table cannot say when within a minute the count peaked, and a count that
 * touched the level in every minute is "at the level" to whoever stands at the door. An episode
 * starts at the first of an unbroken run of such minutes, and opens (the alert is raised) at the
 * first minute of the run that starts {@code min_duration} or more after it. As a minute's maximum
 * is the larger of the occupancy at its start and at its end, one reading above the level marks two
 * minutes: with the default 2 minutes, the count must be at the level at two minute ends in a row
 * (three minutes of the run), and a single spike raises nothing. It ends
 * at the end of the first minute whose closing occupancy ({@code occupancy}) is below the level
 * minus {@code hysteresis} × capacity: a count flickering at the limit, or dipping just under it,
 * keeps the one episode open instead of raising fifty. Rows go out when the episode opens, when
 * its peak rises and when it ends, all with the same key (zone, level, start), so they are upserts
 * of one row of {@code alerts}.
 *
 * <p>The occupancy operator writes nothing while a zone is quiet, and writes its quiet minutes,
 * with the occupancy carried over, only when the next flow closes a minute. So a zone that reached
 * a level and then went quiet would wait for the next visitor to be alerted: an event-time timer at
 * the end of the minute the run would last {@code min_duration} decides it instead, from the
 * occupancy the zone kept; the quiet minutes that arrive later are then skipped as already applied.
 * (A daily reset among those quiet minutes is thereby not seen: a zone is reset only when closed,
 * so a closed zone would have had to be kept busy by counter drift alone.)
 *
 * <p>A late reading makes the occupancy operator write minutes again, within the allowed lateness.
 * Only minutes later than the last one applied are applied: an alert raised is not raised again,
 * nor one raised or ended after the fact from a rewritten minute. To tell those minutes, the last
 * minute applied is kept for the allowed lateness after it also when no level is watched; then a
 * zone below every level with no episode open or starting keeps no state and no timer.
 */
public final class AlertFunction extends KeyedProcessFunction<String, OccupancyMinute, AlertChange> {
    static final long MINUTE = 60_000;

    private final SiteModel site;
    private final long latenessMs;
    private transient ValueState<LevelWatch> busy;
    private transient ValueState<LevelWatch> full;
    private transient ValueState<LastMinute> last;

    public AlertFunction(SiteModel site, java.time.Duration allowedLateness) {
        this.site = site;
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        busy = getRuntimeContext().getState(new ValueStateDescriptor<>("busy", LevelWatch.class));
        full = getRuntimeContext().getState(new ValueStateDescriptor<>("full", LevelWatch.class));
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("lastMinute", LastMinute.class));
    }

    @Override
    public void processElement(OccupancyMinute row, Context ctx, Collector<AlertChange> out) throws Exception {
        Zone zone = site.zone(ctx.getCurrentKey());
        if (zone.capacity() <= 0) {
            return; // a zone without a capacity has no levels
        }
        if (row.retracted()) {
            return; // a minute written before and emptied by a rewrite: rewritten minutes raise nothing
        }
        long minute = row.minute().toEpochMilli();
        LastMinute previous = last.value();
        if (previous != null && minute <= previous.minute()) {
            return; // a quiet minute a timer already applied with the occupancy carried over, or a minute written again
        }
        Levels z = new Levels(zone, ctx.timerService());
        if (previous != null && minute > previous.minute() + MINUTE) {
            // Quiet minutes in between, all with the occupancy carried over: the last stands for them all.
            z.advance(minute - MINUTE, previous.occupancy(), previous.occupancy());
        }
        z.advance(minute, row.maxOccupancy(), row.occupancy());
        z.finish(out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertChange> out) throws Exception {
        LastMinute previous = last.value();
        if (Math.floorMod(timestamp + 1, MINUTE) != 0) {
            // the lateness has passed the last minute of a zone no level watches
            if (previous != null && busy.value() == null && full.value() == null
                    && previous.minute() + MINUTE + latenessMs <= timestamp) {
                last.clear();
            }
            return;
        }
        long minute = timestamp + 1 - MINUTE;
        if (previous == null || minute <= previous.minute()) {
            return;
        }
        // The watermark passed the minute and no row came for it: the zone has been quiet since the
        // last row, keeping that row's occupancy.
        Levels z = new Levels(site.zone(ctx.getCurrentKey()), ctx.timerService());
        z.advance(minute, previous.occupancy(), previous.occupancy());
        z.finish(out);
    }

    /**
     * The end of the first minute starting the minimum duration or more after {@code startedAt}:
     * when the watermark passes it, that minute's row has come, or the zone was quiet through it.
     */
    private long dueAt(long startedAt) {
        return startedAt + -Math.floorDiv(-site.alerts().minDuration().toMillis(), MINUTE) * MINUTE + MINUTE - 1;
    }

    /** One zone's levels while rows or a timer are applied: read once, written back by {@link #finish}. */
    private final class Levels {
        private final Zone zone;
        private final TimerService timers;
        private final Set<Long> dueBefore;
        private final Long forgetBefore;
        private LevelWatch busyWatch;
        private LevelWatch fullWatch;
        private LastMinute lastMinute;
        private final EnumSet<AlertLevel> open = EnumSet.noneOf(AlertLevel.class);
        private final List<AlertChange> changes = new ArrayList<>();

        Levels(Zone zone, TimerService timers) throws Exception {
            this.zone = zone;
            this.timers = timers;
            busyWatch = busy.value();
            fullWatch = full.value();
            lastMinute = last.value();
            dueBefore = dues();
            forgetBefore = forgetAt();
            if (busyWatch != null && busyWatch.open()) {
                open.add(AlertLevel.BUSY);
            }
            if (fullWatch != null && fullWatch.open()) {
                open.add(AlertLevel.FULL);
            }
        }

        /** Applies one minute: the most people in it and the occupancy at its end. */
        void advance(long minute, int max, int end) {
            Step b = step(AlertLevel.BUSY, busyWatch, minute, max, end);
            Step f = step(AlertLevel.FULL, fullWatch, minute, max, end);
            busyWatch = b.watch;
            fullWatch = f.watch;
            // Busy opens before full and ends after it, so the zone's level in each message steps through
            // busy on the way up and on the way down.
            b.raised.forEach(this::change);
            f.raised.forEach(this::change);
            if (f.ended != null) {
                change(f.ended);
            }
            if (b.ended != null) {
                change(b.ended);
            }
            lastMinute = new LastMinute(minute, end);
        }

        private void change(CapacityAlert alert) {
            if (alert.ended()) {
                open.remove(alert.level());
            } else {
                open.add(alert.level());
            }
            AlertLevel zoneLevel = open.contains(AlertLevel.FULL) ? AlertLevel.FULL
                    : open.contains(AlertLevel.BUSY) ? AlertLevel.BUSY : null;
            changes.add(new AlertChange(zone.site(), alert, zoneLevel));
        }

        private Step step(AlertLevel level, LevelWatch watch, long minute, int max, int end) {
            AlertSettings alerts = site.alerts();
            int at = level == AlertLevel.BUSY ? alerts.busyAt(zone) : alerts.fullAt(zone);
            double endBelow = at - alerts.hysteresis() * zone.capacity();
            List<CapacityAlert> raised = new ArrayList<>(1);
            if (watch == null) {
                if (max >= at) {
                    watch = new LevelWatch(minute, max, false);
                }
            } else if (watch.open()) {
                if (max > watch.peak()) {
                    watch = watch.withPeak(max);
                    if (end >= endBelow) { // else the end row below carries the new peak
                        raised.add(row(level, watch, at, null));
                    }
                }
            } else {
                watch = max >= at ? watch.withPeak(max) : null; // a whole minute below the level breaks the run
            }
            if (watch != null && !watch.open() && minute - watch.startedAt() >= alerts.minDuration().toMillis()) {
                watch = watch.opened();
                raised.add(row(level, watch, at, null));
            }
            CapacityAlert ended = null;
            if (watch != null && watch.open() && end < endBelow) {
                ended = row(level, watch, at, minute + MINUTE);
                watch = null;
            }
            return new Step(watch, raised, ended);
        }

        private CapacityAlert row(AlertLevel level, LevelWatch watch, int threshold, Long endedAt) {
            return new CapacityAlert(zone.id(), level, Instant.ofEpochMilli(watch.startedAt()),
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt), threshold, watch.peak());
        }

        /** The timers the levels still waiting for their minimum duration need. */
        private Set<Long> dues() {
            Set<Long> due = new HashSet<>(2);
            for (LevelWatch w : new LevelWatch[] {busyWatch, fullWatch}) {
                if (w != null && !w.open()) {
                    due.add(dueAt(w.startedAt()));
                }
            }
            return due;
        }

        /** When the last minute is let go: the lateness after it, when no level is watched. */
        private Long forgetAt() {
            return busyWatch == null && fullWatch == null && lastMinute != null
                    ? lastMinute.minute() + MINUTE + latenessMs : null;
        }

        /** Writes the state back, sets the timers and emits the changes. */
        void finish(Collector<AlertChange> out) throws Exception {
            Long forgetAfter = forgetAt();
            if (forgetBefore != null && !forgetBefore.equals(forgetAfter)) {
                timers.deleteEventTimeTimer(forgetBefore);
            }
            if (forgetAfter != null && !forgetAfter.equals(forgetBefore)) {
                timers.registerEventTimeTimer(forgetAfter);
            }
            Set<Long> dueAfter = dues();
            for (long t : dueBefore) {
                if (!dueAfter.contains(t)) {
                    timers.deleteEventTimeTimer(t);
                }
            }
            for (long t : dueAfter) {
                if (!dueBefore.contains(t)) {
                    timers.registerEventTimeTimer(t);
                }
            }
            update(busy, busyWatch);
            update(full, fullWatch);
            update(last, lastMinute);
            changes.forEach(out::collect);
        }

        private <T> void update(ValueState<T> state, T value) throws Exception {
            if (value == null) {
                state.clear();
            } else {
                state.update(value);
            }
        }
    }

    private record Step(LevelWatch watch, List<CapacityAlert> raised, CapacityAlert ended) {}
}
