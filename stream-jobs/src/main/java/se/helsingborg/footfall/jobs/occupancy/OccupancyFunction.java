package se.helsingborg.footfall.jobs.occupancy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.ZoneFlow;
import se.helsingborg.footfall.storage.results.OccupancyCorrection;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

/**
 * Occupancy of one zone (the key), per minute, in event time (DESIGN §5): people in minus people
 * out since the last reset, never below zero, reset at the zone's daily reset time when the zone
 * is closed then; where an area counter watches the zone, its count; a manual recount re-bases it.
 *
 * <p>Flows and counts are collected per minute until the watermark passes the minute's end, so
 * readings that arrive out of order within the allowed lateness still land in their minute; then
 * the minute is closed and its row emitted. Minutes without flows between two busy minutes are
 * emitted too, with the occupancy carried over, so the series has no holes while people are inside.
 * When the zone is empty, nothing is pending and the allowed lateness has passed its last minute,
 * the function keeps no state for it at all (the day's corrections and a live area counter
 * excepted, each with a timer that ends it).
 *
 * <p><b>Area counters.</b> The latest area count within a minute sets the occupancy at the minute's
 * end; the minute's entries and exits still come from the gates. Between two area counts the count
 * holds: a zone gets an area counter because its gates do not tell it well (an open side, paths
 * nobody counts), so adding their flows between reports would bring back the drift the counter is
 * there to remove. A counter silent for {@link ToZoneCounts#STALE_INTERVALS} reporting intervals is
 * stale: the gates take over from its last count, so a dead camera does not freeze the zone. An
 * area count is no drift, so a zone whose counter is live is not reset at night.
 *
 * <p><b>Corrections</b> (side output {@link #CORRECTIONS}, running totals per zone and local day):
 * clamps at zero, the residual a reset found, and manual recounts with the difference they made.
 * A recount's difference is taken against what the count would have said at the end of its minute
 * without it. A recount that arrives after its minute was written is applied to the first minute
 * still open, up to {@link #MAX_RECOUNT_LATENESS} late: a recount is said about "now", and the few
 * people who came or went since are a smaller error than the drift it corrects. Older ones are
 * counted ({@code late_recounts}) and dropped.
 *
 * <p><b>Late readings.</b> The minutes closed are kept, with what they heard and where the zone
 * stood before the first of them, for the allowed lateness. A flow or an area count that comes
 * after its minute was written, within the lateness, is added to its minute, and the minutes from
 * there on are closed again by the same rules ({@link ZoneMinutes}): occupancy is cumulative, so
 * every later minute may change. The rows and the day's corrections that came out differently are
 * emitted again (the sinks upsert; corrections are the day's totals, so nothing counts twice). A
 * written minute that the rules now give no row (a quiet minute with nobody inside) is retracted
 * ({@link OccupancyMinute#retraction}), so it has no row, as on time. Later readings are counted
 * ({@code late_flows}, {@code late_counts}) and dropped; the duplicate filter rejects them before,
 * so this is a safeguard.
 */
public final class OccupancyFunction extends KeyedProcessFunction<String, ZoneEvent, OccupancyMinute> {
    public static final long MINUTE = 60_000;
    public static final OutputTag<OccupancyCorrection> CORRECTIONS = new OutputTag<>("occupancy-corrections") {};
    /**
     * The rows as minutes close and as late readings change them, for capacity alerts: the main
     * output without the rows written again once a reset or recount showed the drift in them
     * ({@link BalancedMinutes}), long after the minutes were live. The main output is what the
     * occupancy table gets, all of it in one stream so that a row written again comes after it.
     */
    public static final OutputTag<OccupancyMinute> LIVE = new OutputTag<>("occupancy-live") {};
    /** How late a recount may arrive and still be applied (to the first minute not yet written). */
    public static final Duration MAX_RECOUNT_LATENESS = Duration.ofMinutes(5);
    /** When, after the start of a zone's reset minute, it is woken to be reset ({@link #awaitReset}). */
    private static final long RESET_WAKE_UP = MINUTE - 2;
    /** How long a run of minutes may be kept for balancing: a day, and the hour a clock change adds, and one more. */
    static final Duration MAX_DRIFTING = Duration.ofHours(26);
    /** Longer quiet spells are not filled minute by minute; the zone's resets still apply. */
    private static final long MAX_FILL = Duration.ofDays(1).toMillis();

    private final SiteModel site;
    private final long latenessMs;
    /** What the minutes not closed yet heard. */
    private transient MapState<Long, PendingMinute> pending;
    /** What the minutes closed within the allowed lateness heard. */
    private transient MapState<Long, PendingMinute> closedMinutes;
    /** Where the zone stood before the first of {@link #closedMinutes} (none when there are none). */
    private transient ValueState<ZoneState> before;
    /** Where the zone stands after the last minute closed (none when empty and idle). */
    private transient ValueState<ZoneState> state;
    /** The rows past the lateness since the count last stood at zero or was set anew, in order. */
    private transient ListState<OccupancyMinute> drifting;
    /** The minutes {@link #drifting} runs over (none when the count stood at zero or was set anew since). */
    private transient ValueState<DriftingRun> driftingRun;
    private transient Counter lateFlows;
    private transient Counter lateCounts;
    private transient Counter lateRecounts;
    private transient Counter clamps;
    private transient Counter recounts;
    private transient Counter rewrites;
    private transient Counter balanced;

    public OccupancyFunction(SiteModel site, Duration allowedLateness) {
        this.site = site;
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        var ctx = getRuntimeContext();
        pending = ctx.getMapState(new MapStateDescriptor<>("pending-minutes", Long.class, PendingMinute.class));
        closedMinutes = ctx.getMapState(new MapStateDescriptor<>("closed-minutes", Long.class, PendingMinute.class));
        before = ctx.getState(new ValueStateDescriptor<>("before-closed", ZoneState.class));
        state = ctx.getState(new ValueStateDescriptor<>("zone-state", ZoneState.class));
        drifting = ctx.getListState(new ListStateDescriptor<>("drifting-minutes", OccupancyMinute.class));
        driftingRun = ctx.getState(new ValueStateDescriptor<>("drifting-run", DriftingRun.class));
        var metrics = ctx.getMetricGroup().addGroup("footfall").addGroup("occupancy");
        lateFlows = metrics.counter("late_flows");
        lateCounts = metrics.counter("late_counts");
        lateRecounts = metrics.counter("late_recounts");
        clamps = metrics.counter("clamps");
        recounts = metrics.counter("recounts");
        rewrites = metrics.counter("rewrites");
        balanced = metrics.counter("balanced_minutes");
    }

    /** The minute a period count belongs to: the one holding the period's last instant. */
    public static long minuteOf(long periodEnd) {
        return Math.floorDiv(periodEnd - 1, MINUTE) * MINUTE;
    }

    /** When a closed minute is let go: past it, no reading for it comes through the duplicate filter. */
    private long forgetAt(long minute) {
        return minute + MINUTE + latenessMs;
    }

    private ZoneMinutes rules(String zoneId) {
        return new ZoneMinutes(site, site.zone(zoneId), MAX_FILL);
    }

    private ZoneState current() throws Exception {
        ZoneState s = state.value();
        return s == null ? ZoneState.EMPTY : s;
    }

    @Override
    public void processElement(ZoneEvent event, Context ctx, Collector<OccupancyMinute> out) throws Exception {
        ZoneFlow flow = event.flow();
        ZoneCount count = event.count();
        long minute = flow != null ? minuteOf(flow.periodEnd()) : Math.floorDiv(count.time(), MINUTE) * MINUTE;
        long watermark = ctx.timerService().currentWatermark();
        if (minute + MINUTE - 1 <= watermark) {
            // Its minute is written already.
            if (count != null && count.recount()) {
                // A recount is about "now": to the first minute still open, if not too late.
                Long closed = current().lastClosedMinute();
                long open = Math.floorDiv(watermark + 1, MINUTE) * MINUTE;
                if (closed != null) {
                    open = Math.max(open, closed + MINUTE);
                }
                if (open - count.time() > MAX_RECOUNT_LATENESS.toMillis()) {
                    lateRecounts.inc();
                    return;
                }
                minute = open;
                count = new ZoneCount(count.zoneId(), open, count.count(), true, 0);
            } else {
                rewrite(minute, event, ctx, out);
                return;
            }
        }
        PendingMinute sum = pending.get(minute);
        pending.put(minute, add(sum == null ? PendingMinute.EMPTY : sum, flow, count));
        ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }

    private static PendingMinute add(PendingMinute sum, ZoneFlow flow, ZoneCount count) {
        return flow != null ? sum.plusFlow(flow.entries(), flow.exits()) : sum.withCount(count);
    }

    /**
     * A flow or area count for a minute already closed, within the lateness: into its minute, and
     * every minute from there closed again; what changed is emitted again.
     */
    private void rewrite(long minute, ZoneEvent event, Context ctx, Collector<OccupancyMinute> out) throws Exception {
        boolean none = closedMinutes.isEmpty();
        ZoneState start = none ? current() : before.value();
        if (start == null) {
            start = ZoneState.EMPTY;
        }
        if (forgetAt(minute) <= ctx.timerService().currentWatermark()
                || (start.lastClosedMinute() != null && minute <= start.lastClosedMinute())) {
            // later than the allowed lateness: counted, not applied
            if (event.flow() != null) {
                lateFlows.inc();
            } else {
                lateCounts.inc();
            }
            return;
        }
        ZoneMinutes rules = rules(ctx.getCurrentKey());
        Map<Long, PendingMinute> inputs = new TreeMap<>();
        for (Map.Entry<Long, PendingMinute> e : closedMinutes.entries()) {
            inputs.put(e.getKey(), e.getValue());
        }
        ZoneMinutes.Closed was = new ZoneMinutes.Closed();
        rules.closeAll(start, inputs, was);
        PendingMinute heard = inputs.get(minute);
        PendingMinute changed = add(heard == null ? PendingMinute.EMPTY : heard, event.flow(), event.count());
        inputs.put(minute, changed);
        ZoneMinutes.Closed now = new ZoneMinutes.Closed();
        ZoneState after = rules.closeAll(start, inputs, now);

        for (Map.Entry<Long, OccupancyMinute> e : now.rows.entrySet()) {
            if (!e.getValue().equals(was.rows.get(e.getKey()))) {
                write(e.getValue(), out, ctx);
            }
        }
        for (Long m : was.rows.keySet()) {
            if (!now.rows.containsKey(m)) {
                // written with what the zone heard before, none now
                write(OccupancyMinute.retraction(ctx.getCurrentKey(), Instant.ofEpochMilli(m)), out, ctx);
            }
        }
        Map<LocalDate, OccupancyCorrection> wasByDay = was.correctionsByDay();
        Map<LocalDate, OccupancyCorrection> nowByDay = now.correctionsByDay();
        for (Map.Entry<LocalDate, OccupancyCorrection> e : nowByDay.entrySet()) {
            if (!e.getValue().equals(wasByDay.get(e.getKey()))) {
                ctx.output(CORRECTIONS, e.getValue());
            }
        }
        for (LocalDate day : wasByDay.keySet()) {
            if (!nowByDay.containsKey(day)) {
                // the day's totals as they stood before these minutes
                OccupancyCorrection earlier = start.corrections();
                ctx.output(CORRECTIONS, earlier != null && earlier.day().equals(day) ? earlier
                        : OccupancyCorrection.none(ctx.getCurrentKey(), day));
            }
        }
        rewrites.inc();
        if (none) {
            before.update(start);
        }
        closedMinutes.put(minute, changed);
        state.update(after);
        ctx.timerService().registerEventTimeTimer(forgetAt(minute));
        wakeUps(now, ctx.timerService());
        awaitReset(rules, after, ctx.timerService());
    }

    /**
     * A zone with people counted inside is woken at its next reset minute, heard or not: it is
     * then reset when the watermark passes that minute, not only when the next reading comes
     * (which, after a Sunday, may be Monday morning), and the night shows nobody meanwhile. A zone
     * counted empty needs no reset. The wake-up is 2 ms before the minute's end, a time no other
     * timer of this function uses, so it can be taken back without taking another's.
     */
    private void awaitReset(ZoneMinutes rules, ZoneState s, org.apache.flink.streaming.api.TimerService timers) {
        Long reset = s.lastClosedMinute() == null ? null : rules.nextReset(s.lastClosedMinute());
        if (reset == null) {
            return;
        }
        if (s.occupancy() > 0) {
            timers.registerEventTimeTimer(reset + RESET_WAKE_UP);
        } else {
            timers.deleteEventTimeTimer(reset + RESET_WAKE_UP);
        }
    }

    /** A row of the minutes as they close or are written again: to the table, and to alerts. */
    private static void write(OccupancyMinute row, Collector<OccupancyMinute> out, Context ctx) {
        out.collect(row);
        ctx.output(LIVE, row);
    }

    private void wakeUps(ZoneMinutes.Closed closed, org.apache.flink.streaming.api.TimerService timers) {
        for (long t : closed.wakeUps) {
            timers.registerEventTimeTimer(t + MINUTE + latenessMs);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OccupancyMinute> out) throws Exception {
        long minute = timestamp + 1 - MINUTE;
        PendingMinute p = Math.floorMod(minute, MINUTE) == 0 ? pending.get(minute) : null;
        ZoneMinutes rules = rules(ctx.getCurrentKey());
        long resetMinute = timestamp - RESET_WAKE_UP;
        if (Math.floorMod(resetMinute, MINUTE) == 0 && pending.get(resetMinute) == null
                && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            // The reset minute, quiet: closed as a minute that heard nothing (one that heard
            // something is closed by its own timer a millisecond later, reset and all). Not at
            // the end of a replay's input: the recording stopped before the reset, the day did
            // not, and whoever it counted inside then may well have been there.
            Long closed = current().lastClosedMinute();
            if (closed != null && closed < resetMinute && current().occupancy() > 0) {
                minute = resetMinute;
                p = PendingMinute.EMPTY;
            }
        }
        if (p != null) {
            pending.remove(minute);
            ZoneState now = current();
            if (closedMinutes.isEmpty()) {
                before.update(now);
            }
            ZoneMinutes.Closed closed = new ZoneMinutes.Closed();
            state.update(rules.close(now, minute, p, closed));
            for (OccupancyMinute row : closed.rows.values()) {
                write(row, out, ctx);
            }
            closed.corrections.forEach(c -> ctx.output(CORRECTIONS, c));
            clamps.inc(closed.clamps);
            recounts.inc(closed.recounts);
            closedMinutes.put(minute, p);
            ctx.timerService().registerEventTimeTimer(forgetAt(minute));
            wakeUps(closed, ctx.timerService());
            awaitReset(rules, current(), ctx.timerService());
        }
        forgetClosedMinutes(rules, timestamp, out);
        if (pending.isEmpty() && closedMinutes.isEmpty() && idle(rules, current(), timestamp - MINUTE - latenessMs + 1)) {
            state.clear();
            drifting.clear();
            driftingRun.clear();
        }
    }

    /**
     * Folds the closed minutes the lateness has passed into where the zone stood before the rest;
     * their rows are final now, and a reset or recount among them may show the drift of the rows
     * before it ({@link #balance}).
     */
    private void forgetClosedMinutes(ZoneMinutes rules, long timestamp, Collector<OccupancyMinute> out) throws Exception {
        TreeMap<Long, PendingMinute> done = new TreeMap<>();
        for (Map.Entry<Long, PendingMinute> e : closedMinutes.entries()) {
            if (forgetAt(e.getKey()) <= timestamp) {
                done.put(e.getKey(), e.getValue());
            }
        }
        if (done.isEmpty()) {
            return;
        }
        ZoneState start = before.value();
        ZoneMinutes.Closed settled = new ZoneMinutes.Closed();
        ZoneState s = rules.closeAll(start == null ? ZoneState.EMPTY : start, done, settled);
        balance(settled, out);
        for (Long m : done.keySet()) {
            closedMinutes.remove(m);
        }
        if (closedMinutes.isEmpty()) {
            before.clear();
        } else {
            before.update(s);
        }
    }

    /**
     * Follows the final rows in minute order: those with people inside since the count last stood
     * at zero or was set anew are kept, and when a reset or recount finds that the count ran high,
     * they are written again with the drift taken out ({@link BalancedMinutes}). A minute without
     * a row is one with nobody counted inside. A run longer than {@link #MAX_DRIFTING} (a zone
     * never reset, its count never back to zero) is let go: where such drift came from is not
     * known, and the zone's state stays bounded.
     */
    private void balance(ZoneMinutes.Closed settled, Collector<OccupancyMinute> out) throws Exception {
        java.util.TreeSet<Long> minutes = new java.util.TreeSet<>(settled.rows.keySet());
        minutes.addAll(settled.rebases.keySet());
        for (long m : minutes) {
            DriftingRun run = driftingRun.value();
            Integer drift = settled.rebases.get(m);
            OccupancyMinute row = settled.rows.get(m);
            boolean follows = run != null && m == run.last() + MINUTE;
            if (drift != null && drift > 0 && follows && run.kept()) {
                java.util.List<OccupancyMinute> since = new java.util.ArrayList<>();
                drifting.get().forEach(since::add);
                for (OccupancyMinute again : BalancedMinutes.of(since, drift)) {
                    out.collect(again); // the table's alone: alerts follow the minutes as they were live
                    balanced.inc();
                }
            }
            boolean inside = drift == null && row != null && row.occupancy() > 0;
            if (!inside || !follows) {
                // set anew, or counted empty now or in the minutes with no row before it
                drifting.clear();
                driftingRun.clear();
                run = null;
            }
            if (inside) {
                boolean kept = run == null || (run.kept() && m - run.first() < MAX_DRIFTING.toMillis());
                if (kept) {
                    drifting.add(row);
                } else if (run.kept()) {
                    drifting.clear();
                }
                driftingRun.update(new DriftingRun(run == null ? m : run.first(), m, kept));
            }
        }
    }

    /**
     * Whether a zone that stands so has nothing to keep for a minute from {@code from} on: nobody
     * inside, no area count that still holds it, no corrections of a day still open to them.
     */
    private static boolean idle(ZoneMinutes rules, ZoneState s, long from) {
        return s.occupancy() == 0 && !ZoneMinutes.fresh(s.area(), from)
                && (s.corrections() == null || rules.endOf(s.corrections().day()) <= from);
    }
}
