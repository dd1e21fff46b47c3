package se.helsingborg.footfall.jobs.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.site.AlertSettings;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;
import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Capacity alerts of one zone (the key) from its occupancy per minute, in event time, at the site
 * file's busy and full levels ({@link AlertSettings}), each level an episode of its own: the rows of
 * {@code alerts} (main output) and what notifiers are told ({@link #NOTICES}).
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
 * occupancy the zone kept ({@link HeldMinute#carried()}); the quiet minutes that arrive later say the
 * same. (A daily reset among quiet minutes that arrive after the allowed lateness has passed them
 * is not seen: a zone is reset only when closed, so a closed zone would have had to be kept busy by
 * counter drift alone.)
 *
 * <p><b>Late readings.</b> Within the allowed lateness a late reading makes the occupancy operator
 * write minutes again, so the minutes of the lateness are held ({@link HeldMinute}), with where the
 * levels stood before the first of them ({@link SettledZone}). A new minute is applied at once: an
 * alert is raised as soon as its level has lasted the minimum duration, never held back for the
 * lateness. When held minutes are written again with other figures, the levels are worked out
 * again over the held minutes from the settled state, with all the minutes the late reading
 * changed (at the next watermark, or before the next new minute: the occupancy operator writes
 * them one after another, and in between the zone would look half corrected); the rows that come
 * out differently are written again, and the rows of episodes that no longer happen so (begun at
 * another minute, or never lasting the minimum duration) are retracted
 * ({@link CapacityAlert#retraction}). So the table settles to what the corrected minutes say,
 * which is what a replay of the same readings writes, wherever its watermark stood when each
 * reading came. A notice already sent cannot be taken back,
 * so after a rewrite notifiers are told only what changed in the zone's state now: a level it turns
 * out to have reached, or one it turns out to have left (the episode's end as corrected, or the
 * episode withdrawn when it never lasted the minimum duration). A start or a peak corrected while
 * the episode lasts is not published on its own; the episode's next messages carry it.
 *
 * <p>A held minute is settled when the lateness has passed it: no late reading reaches it any more.
 * A zone below every level with nothing held keeps no state and no timer.
 */
public final class AlertFunction extends KeyedProcessFunction<String, OccupancyMinute, CapacityAlert> {
    static final long MINUTE = 60_000;
    /** Each change as notifiers are told it (MQTT), with the zone's level after it. */
    public static final OutputTag<AlertChange> NOTICES = new OutputTag<>("alert-notices") {};

    private final SiteModel site;
    private final long latenessMs;
    private transient ValueState<SettledZone> settled;
    private transient MapState<Long, HeldMinute> held;
    /** Held minutes written again, applied together once the late reading's rows have all come. */
    private transient MapState<Long, HeldMinute> rewritten;

    public AlertFunction(SiteModel site, java.time.Duration allowedLateness) {
        this.site = site;
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        settled = getRuntimeContext().getState(new ValueStateDescriptor<>("settled-zone", SettledZone.class));
        held = getRuntimeContext().getMapState(new MapStateDescriptor<>("held-minutes", Long.class, HeldMinute.class));
        rewritten = getRuntimeContext().getMapState(new MapStateDescriptor<>("rewritten-minutes", Long.class, HeldMinute.class));
    }

    @Override
    public void processElement(OccupancyMinute row, Context ctx, Collector<CapacityAlert> out) throws Exception {
        Zone zone = site.zone(ctx.getCurrentKey());
        if (zone.capacity() <= 0) {
            return; // a zone without a capacity has no levels
        }
        ZoneAlerts z = new ZoneAlerts(zone, ctx.timerService());
        // A retracted minute, which a rewrite emptied, is a quiet minute with nobody inside: its figures are zeros.
        z.apply(row.minute().toEpochMilli(), new HeldMinute(row.maxOccupancy(), row.occupancy(), false));
        long watermark = ctx.timerService().currentWatermark();
        if (!z.rewriting()) {
            // A quiet minute written after the lateness passed it: no reading changes it any more.
            z.settle(watermark);
        } else if (watermark == Long.MAX_VALUE) {
            z.applyRewritten(); // no later watermark comes
        } else {
            // The rows a late reading makes the occupancy operator write again come one after another,
            // before the next watermark: applied one by one, the levels would be worked out from minutes
            // half corrected, and notifiers told of states the zone never was in.
            z.applyRewrittenAt(watermark + 1);
        }
        z.finish(out, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CapacityAlert> out) throws Exception {
        ZoneAlerts z = new ZoneAlerts(site.zone(ctx.getCurrentKey()), ctx.timerService());
        z.applyRewritten();
        if (Math.floorMod(timestamp + 1, MINUTE) == 0) {
            z.quietThrough(timestamp + 1 - MINUTE, timestamp);
        }
        z.settle(timestamp);
        z.finish(out, ctx);
    }

    /**
     * The end of the first minute starting the minimum duration or more after {@code startedAt}:
     * when the watermark passes it, that minute's row has come, or the zone was quiet through it.
     */
    private long dueAt(long startedAt) {
        return startedAt + -Math.floorDiv(-site.alerts().minDuration().toMillis(), MINUTE) * MINUTE + MINUTE - 1;
    }

    /** When a held minute is settled: past it, no late reading can change it. */
    private long settleAt(long minute) {
        return minute + MINUTE + latenessMs;
    }

    /** One zone's settled state and held minutes while a row or a timer is applied; written back by {@link #finish}. */
    private final class ZoneAlerts {
        private final Zone zone;
        private final TimerService timers;
        private final SettledZone settledBefore;
        private SettledZone settledZone;
        private final TreeMap<Long, HeldMinute> minutes = new TreeMap<>();
        private final Map<Long, HeldMinute> heldNow = new HashMap<>();
        private final Set<Long> letGo = new HashSet<>();
        private final TreeMap<Long, HeldMinute> again = new TreeMap<>();
        private final Map<Long, HeldMinute> againNow = new HashMap<>();
        private boolean againApplied;
        private Long againAt;
        private final Set<Long> dueBefore;
        private final Long settleBefore;
        private final List<CapacityAlert> rows = new ArrayList<>();
        private final List<AlertChange> notices = new ArrayList<>();

        ZoneAlerts(Zone zone, TimerService timers) throws Exception {
            this.zone = zone;
            this.timers = timers;
            settledBefore = settled.value();
            settledZone = settledBefore;
            for (Map.Entry<Long, HeldMinute> e : held.entries()) {
                minutes.put(e.getKey(), e.getValue());
            }
            for (Map.Entry<Long, HeldMinute> e : rewritten.entries()) {
                again.put(e.getKey(), e.getValue());
            }
            dueBefore = walk().dues();
            settleBefore = settleTimer();
        }

        /** The levels worked out over the held minutes, from the settled state. */
        private Walk walk() {
            Walk w = new Walk(zone, settledZone);
            minutes.forEach(w::minute);
            return w;
        }

        private Long lastMinute() {
            return !minutes.isEmpty() ? minutes.lastKey() : settledZone == null ? null : settledZone.minute();
        }

        /**
         * A minute as the occupancy operator wrote it, or as the zone kept it while quiet: a new one
         * is applied at once, one held already is kept aside until {@link #applyRewritten}.
         */
        void apply(long minute, HeldMinute m) {
            if (settledZone != null && minute <= settledZone.minute()) {
                return; // settled: the quiet minutes of a zone written after the lateness passed them
            }
            Long last = lastMinute();
            if (last == null || minute > last) {
                applyRewritten(); // the rows written again come before the new ones
                Walk was = walk();
                Walk now = walk();
                now.changes.clear();
                now.minute(minute, m);
                hold(minute, m);
                rowsChanged(was, now);
                notices.addAll(now.changes);
            } else if (!m.equals(again.containsKey(minute) ? again.get(minute) : minutes.get(minute))) {
                again.put(minute, m);
                againNow.put(minute, m);
            }
        }

        /** Whether held minutes written again wait to be applied. */
        boolean rewriting() {
            return !again.isEmpty();
        }

        /** Applies the held minutes written again when the watermark reaches {@code time}. */
        void applyRewrittenAt(long time) {
            againAt = time;
        }

        /**
         * Applies the held minutes written again: the levels are worked out again over the held
         * minutes, the rows that came out differently written or removed, and notifiers told what
         * changed in the zone's state now.
         */
        void applyRewritten() {
            if (again.isEmpty()) {
                return;
            }
            Walk was = walk();
            again.forEach(this::hold);
            again.clear();
            againNow.clear();
            againApplied = true;
            Walk now = walk();
            rowsChanged(was, now);
            stateChanged(was, now);
        }

        /**
         * The watermark passed {@code minute} with no row for it: the zone was quiet since the last
         * row, keeping its occupancy, which decides a level waiting for its minimum duration.
         */
        void quietThrough(long minute, long timestamp) {
            Long last = lastMinute();
            if (last != null && minute > last && walk().waitingBy(timestamp)) {
                apply(minute, HeldMinute.CARRIED);
            }
        }

        /** Settles the held minutes the lateness has passed by {@code watermark}. */
        void settle(long watermark) {
            if (minutes.isEmpty() || settleAt(minutes.firstKey()) > watermark) {
                return;
            }
            Walk w = new Walk(zone, settledZone);
            while (!minutes.isEmpty() && settleAt(minutes.firstKey()) <= watermark) {
                Map.Entry<Long, HeldMinute> e = minutes.pollFirstEntry();
                w.minute(e.getKey(), e.getValue());
                heldNow.remove(e.getKey());
                letGo.add(e.getKey());
            }
            settledZone = w.settled();
        }

        private void hold(long minute, HeldMinute m) {
            minutes.put(minute, m);
            heldNow.put(minute, m);
            letGo.remove(minute);
        }

        /** The rows of {@code alerts} that came out differently: written again, or retracted. */
        private void rowsChanged(Walk was, Walk now) {
            was.episodes.forEach((key, row) -> {
                if (!now.episodes.containsKey(key)) {
                    rows.add(CapacityAlert.retraction(row.zoneId(), row.level(), row.startedAt()));
                }
            });
            now.episodes.forEach((key, row) -> {
                if (!row.equals(was.episodes.get(key))) {
                    rows.add(row);
                }
            });
        }

        /**
         * After a rewrite, what notifiers are told: the levels the zone turns out to have left (full
         * before busy) and to have reached (busy before full), so that its level steps through busy
         * both ways, as when the minutes come in order.
         */
        private void stateChanged(Walk was, Walk now) {
            EnumSet<AlertLevel> open = was.openLevels();
            for (AlertLevel level : new AlertLevel[] {AlertLevel.FULL, AlertLevel.BUSY}) {
                CapacityAlert before = was.openEpisode(level);
                if (before != null && now.openEpisode(level) == null) {
                    open.remove(level);
                    CapacityAlert ended = now.lastEndedUnlike(level, was);
                    notices.add(ended != null ? new AlertChange(zone.site(), ended, zoneLevel(open))
                            : new AlertChange(zone.site(), before, zoneLevel(open), true));
                }
            }
            for (AlertLevel level : new AlertLevel[] {AlertLevel.BUSY, AlertLevel.FULL}) {
                CapacityAlert after = now.openEpisode(level);
                if (after != null && was.openEpisode(level) == null) {
                    open.add(level);
                    notices.add(new AlertChange(zone.site(), after, zoneLevel(open)));
                }
            }
        }

        private Long settleTimer() {
            return minutes.isEmpty() ? null : settleAt(minutes.firstKey());
        }

        /** Writes the state back, sets the timers and emits the rows and notices. */
        void finish(Collector<CapacityAlert> out, Context ctx) throws Exception {
            if (minutes.isEmpty() && settledZone != null && settledZone.busy() == null && settledZone.full() == null) {
                settledZone = null; // below every level with nothing held: nothing to keep
            }
            Set<Long> dueAfter = walk().dues();
            for (long t : dueBefore) {
                if (!dueAfter.contains(t)) {
                    timers.deleteEventTimeTimer(t);
                }
            }
            for (long t : dueAfter) {
                if (!dueBefore.contains(t)) {
                    timers.registerEventTimeTimer(t); // one already passed fires with the next watermark
                }
            }
            Long settleAfter = settleTimer();
            if (settleBefore != null && !settleBefore.equals(settleAfter)) {
                timers.deleteEventTimeTimer(settleBefore);
            }
            if (settleAfter != null && !settleAfter.equals(settleBefore)) {
                timers.registerEventTimeTimer(settleAfter);
            }
            if (againAt != null) {
                timers.registerEventTimeTimer(againAt); // after the deletions, which may have named the same time
            }
            if (againApplied) {
                rewritten.clear();
            }
            for (Map.Entry<Long, HeldMinute> e : againNow.entrySet()) {
                rewritten.put(e.getKey(), e.getValue());
            }
            if (settledZone != settledBefore) {
                if (settledZone == null) {
                    settled.clear();
                } else {
                    settled.update(settledZone);
                }
            }
            for (long m : letGo) {
                held.remove(m);
            }
            for (Map.Entry<Long, HeldMinute> e : heldNow.entrySet()) {
                held.put(e.getKey(), e.getValue());
            }
            rows.forEach(out::collect);
            notices.forEach(n -> ctx.output(NOTICES, n));
        }
    }

    private static AlertLevel zoneLevel(Set<AlertLevel> open) {
        return open.contains(AlertLevel.FULL) ? AlertLevel.FULL : open.contains(AlertLevel.BUSY) ? AlertLevel.BUSY : null;
    }

    /** An episode's key in {@code alerts} within its zone. */
    private record EpisodeKey(AlertLevel level, Instant startedAt) {
        static EpisodeKey of(CapacityAlert alert) {
            return new EpisodeKey(alert.level(), alert.startedAt());
        }
    }

    /**
     * A zone's levels taken through minutes in order from a settled state: the episodes touched on
     * the way, each as its row stands after the last minute, and every change as it happened.
     */
    private final class Walk {
        private final Zone zone;
        private LevelWatch busyWatch;
        private LevelWatch fullWatch;
        private Long lastMinute;
        private int occupancy;
        private final EnumSet<AlertLevel> open = EnumSet.noneOf(AlertLevel.class);
        /** The rows of the episodes open at the start or touched since, by key, in the order first seen. */
        final Map<EpisodeKey, CapacityAlert> episodes = new LinkedHashMap<>();
        /** Each row as it came out, with the zone's level after it. */
        final List<AlertChange> changes = new ArrayList<>();

        Walk(Zone zone, SettledZone from) {
            this.zone = zone;
            if (from != null) {
                busyWatch = from.busy();
                fullWatch = from.full();
                lastMinute = from.minute();
                occupancy = from.occupancy();
                for (AlertLevel level : AlertLevel.values()) {
                    LevelWatch w = watch(level);
                    if (w != null && w.open()) {
                        episodes.put(new EpisodeKey(level, Instant.ofEpochMilli(w.startedAt())), row(level, w, null));
                        open.add(level);
                    }
                }
            }
        }

        private LevelWatch watch(AlertLevel level) {
            return level == AlertLevel.BUSY ? busyWatch : fullWatch;
        }

        void minute(long minute, HeldMinute m) {
            if (m.carried()) {
                // The watermark passed it with the zone quiet: the occupancy carried over stands for
                // every quiet minute up to it.
                advance(minute, occupancy, occupancy);
                return;
            }
            if (lastMinute != null && minute > lastMinute + MINUTE) {
                // Quiet minutes in between, all with the occupancy carried over: the last stands for them all.
                advance(minute - MINUTE, occupancy, occupancy);
            }
            advance(minute, m.maxOccupancy(), m.occupancy());
        }

        /** Applies one minute: the most people in it and the occupancy at its end. */
        private void advance(long minute, int max, int end) {
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
            lastMinute = minute;
            occupancy = end;
        }

        private void change(CapacityAlert alert) {
            if (alert.ended()) {
                open.remove(alert.level());
            } else {
                open.add(alert.level());
            }
            episodes.put(EpisodeKey.of(alert), alert);
            changes.add(new AlertChange(zone.site(), alert, zoneLevel(open)));
        }

        private Step step(AlertLevel level, LevelWatch watch, long minute, int max, int end) {
            AlertSettings alerts = site.alerts();
            int at = threshold(level);
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
                        raised.add(row(level, watch, null));
                    }
                }
            } else {
                watch = max >= at ? watch.withPeak(max) : null; // a whole minute below the level breaks the run
            }
            if (watch != null && !watch.open() && minute - watch.startedAt() >= alerts.minDuration().toMillis()) {
                watch = watch.opened();
                raised.add(row(level, watch, null));
            }
            CapacityAlert ended = null;
            if (watch != null && watch.open() && end < endBelow) {
                ended = row(level, watch, minute + MINUTE);
                watch = null;
            }
            return new Step(watch, raised, ended);
        }

        private int threshold(AlertLevel level) {
            return level == AlertLevel.BUSY ? site.alerts().busyAt(zone) : site.alerts().fullAt(zone);
        }

        private CapacityAlert row(AlertLevel level, LevelWatch watch, Long endedAt) {
            return new CapacityAlert(zone.id(), level, Instant.ofEpochMilli(watch.startedAt()),
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt), threshold(level), watch.peak());
        }

        /** The timers the levels still waiting for their minimum duration need. */
        Set<Long> dues() {
            Set<Long> due = new HashSet<>(2);
            for (LevelWatch w : new LevelWatch[] {busyWatch, fullWatch}) {
                if (w != null && !w.open()) {
                    due.add(dueAt(w.startedAt()));
                }
            }
            return due;
        }

        /** Whether a level waiting for its minimum duration is due by {@code timestamp}. */
        boolean waitingBy(long timestamp) {
            return dues().stream().anyMatch(t -> t <= timestamp);
        }

        EnumSet<AlertLevel> openLevels() {
            return EnumSet.copyOf(open);
        }

        /** The row of the level's episode open after the minutes walked, or null. */
        CapacityAlert openEpisode(AlertLevel level) {
            LevelWatch w = watch(level);
            return w != null && w.open() ? episodes.get(new EpisodeKey(level, Instant.ofEpochMilli(w.startedAt()))) : null;
        }

        /** The latest-starting ended episode of the level whose row differs from the one {@code other} has. */
        CapacityAlert lastEndedUnlike(AlertLevel level, Walk other) {
            CapacityAlert last = null;
            for (Map.Entry<EpisodeKey, CapacityAlert> e : episodes.entrySet()) {
                CapacityAlert a = e.getValue();
                if (a.level() == level && a.ended() && !a.equals(other.episodes.get(e.getKey()))
                        && (last == null || a.startedAt().isAfter(last.startedAt()))) {
                    last = a;
                }
            }
            return last;
        }

        /** Where the levels stand, as the settled state after the minutes walked. */
        SettledZone settled() {
            return new SettledZone(busyWatch, fullWatch, lastMinute, occupancy);
        }
    }

    private record Step(LevelWatch watch, List<CapacityAlert> raised, CapacityAlert ended) {}
}
