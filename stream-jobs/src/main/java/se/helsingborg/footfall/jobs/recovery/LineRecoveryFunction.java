package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * One counting line of one device (the key, {@link #lineKey}): its period counts passed on as
 * they come, plus the crossings its running totals show that no period count carried — uplinks
 * lost while the device was offline, or held by a gateway beyond the allowed lateness.
 *
 * <p>Period counts go on at once, so this stage adds no delay to them. Totals wait until the
 * watermark reaches them (one millisecond before their time, so that what they yield still lands in
 * their own minute downstream) and are taken in event-time order: each is compared with the
 * previous one taken ({@link TotalsDelta}: straight on, wrapped or reset), and what the totals grew
 * by, less the period counts passed on for the same span, is recovered. The same crossings are never
 * counted twice: a period count passed on is subtracted from its total's growth, or, when it comes
 * after that total was taken, taken back out of what the total recovered (below).
 *
 * <p>Recovered crossings are placed in the minute of the total that reveals them, the end of the
 * gap, not spread back over it: nothing tells when in the gap they happened, and a count in the
 * current minute keeps every later minute right. During a gap the
 * zones on either side of the gate therefore miss its crossings, and their occupancy catches up in
 * one step when the device is heard again; visitors per day are exact unless the gap spans midnight
 * or the opening hours' edges.
 *
 * <p><b>Late readings</b> (within the allowed lateness; the duplicate filter rejects later ones)
 * count where they would have counted on time. A late period count goes on at once, to its own
 * minute, which the downstream operators write again. When a total already taken spans it, that
 * total recovered its crossings into the total's minute: as much of them as that recovery still
 * holds is taken back with a withdrawal ({@link LineCrossings#withdrawal}) at the total's time,
 * so the crossings move to their own minute, never counted twice and never lost ({@code moved}).
 * After a reboot only the period counts of the same boot are in the total's recovery. A late total
 * is taken like any other, in event-time order with the rest, unless one as late or later was
 * taken already; then it tells nothing new and is dropped ({@code covered}). What each total
 * recovered is kept for the allowed lateness for this.
 *
 * <p>Crossings between a device's last report and a reboot are in no message: the reboot zeroes
 * both its open period and its totals. When a reset is found after a silence, the period counts
 * passed on since the last total are told apart by their frame counters: the new boot's are in
 * the new totals and are taken out of them as usual; the old boot's are not, and they were
 * counted, so the span unheard starts where they end ({@link Silence}). The reboot is dated from
 * the new boot's earliest message heard at the device's usual pace of uplinks ({@link UplinkPace},
 * learnt from every message of the line). The crossings of that span are estimated
 * from the line's profile of past days at the day's level, or, before it has one, from its recent
 * rate ({@link LostCrossings}), and added to the same minute as what the new
 * totals recovered, in one reading that marks them as its estimated part
 * ({@link LineCrossings#estimatedIn()}, {@link LineCrossings#estimatedOut()}): the gate counts and
 * the day's visitors carry that part in columns of their own, so a planner sees how much of a
 * figure is an estimate, and the metric {@code estimated} counts them apart from the crossings
 * recovered exactly. A late period count moves only what was recovered exactly. A period count of
 * the old boot that still came late after such an estimate would count beside it: a device silent
 * until its reboot has sent none.
 *
 * <p>The profile ({@link LineProfile}) is learnt from the steps of the totals taken, or from the
 * period counts heard through a step longer than a quarter hour (a counter that sends its totals
 * on the hour), by the quarter hour of the site's local day ({@link LineDay}, folded into the
 * profile when the next day begins), so it is the same live and on replay: event time only.
 *
 * <p>A line not heard for {@link #FORGET} of event time is forgotten; its next total starts
 * afresh, and what it counted in the silence is not recovered. Its profile is kept longer, so that
 * a line back after a night or a weekend unheard still has its usual day, and forgotten with the
 * line when it has not been heard for {@link #PROFILE_FORGET}: a device taken away leaves nothing.
 */
public final class LineRecoveryFunction extends KeyedProcessFunction<String, Reading, Reading> {
    /** How long a silent line's last total is kept to recover the silence from. */
    public static final Duration FORGET = Duration.ofHours(6);
    /** How long a silent line's profile is kept: a closure of a week or so, not a device gone for good. */
    public static final Duration PROFILE_FORGET = Duration.ofDays(14);
    /**
     * The longest step of the totals, or period of a count, that teaches the profile: a longer
     * one's crossings are one sum without a shape.
     */
    static final long LONGEST_LEARNT_STEP = DaySlots.SLOT_MILLIS;
    private static final Logger LOG = LoggerFactory.getLogger(LineRecoveryFunction.class);

    private final long latenessMs;
    private final ZoneId zone;
    /** Totals waiting for the watermark, by time. */
    private transient MapState<Long, List<Reading>> totals;
    /** Period counts passed on that no total taken covers yet, by time. */
    private transient MapState<Long, List<Reading>> passed;
    /** What the totals taken recovered, by the total's time, while a late period count may still take it back. */
    private transient MapState<Long, Recovered> recoveries;
    private transient ValueState<LineTotals> reference;
    private transient ValueState<Long> heard;
    private transient ValueState<Long> forgetAt;
    private transient ValueState<LineRate> rate;
    private transient ValueState<UplinkPace> pace;
    private transient ValueState<LineProfile> profile;
    private transient ValueState<LineDay> day;
    private transient Counter recovered;
    private transient Counter resets;
    private transient Counter wraps;
    private transient Counter covered;
    private transient Counter moved;
    private transient Counter implausible;
    private transient Counter stale;
    private transient Counter inconsistent;
    private transient Counter estimated;
    private transient Counter fromProfile;

    /**
     * {@code allowedLateness}: the job's, how long a late period count may still move recovered
     * crossings; {@code zone}: the site's time zone, whose local day the lines' profiles follow.
     */
    public LineRecoveryFunction(Duration allowedLateness, ZoneId zone) {
        this.latenessMs = allowedLateness.toMillis();
        this.zone = zone;
    }

    /** The key: device and line, e.g. {@code 24e124136b316071/1}; the device alone for readings of no line. */
    public static String lineKey(Reading r) {
        return r.lineCrossings() == null ? r.deviceId() : r.deviceId() + "/" + r.lineCrossings().line();
    }

    @Override
    public void open(OpenContext openContext) {
        var ctx = getRuntimeContext();
        var readings = Types.LIST(TypeInformation.of(Reading.class));
        totals = ctx.getMapState(new MapStateDescriptor<>("totals", Types.LONG, readings));
        passed = ctx.getMapState(new MapStateDescriptor<>("passed", Types.LONG, readings));
        recoveries = ctx.getMapState(new MapStateDescriptor<>("recoveries", Types.LONG, TypeInformation.of(Recovered.class)));
        reference = ctx.getState(new ValueStateDescriptor<>("reference", LineTotals.class));
        heard = ctx.getState(new ValueStateDescriptor<>("heard", Long.class));
        forgetAt = ctx.getState(new ValueStateDescriptor<>("forgetAt", Long.class));
        rate = ctx.getState(new ValueStateDescriptor<>("rate", LineRate.class));
        pace = ctx.getState(new ValueStateDescriptor<>("pace", UplinkPace.class));
        profile = ctx.getState(new ValueStateDescriptor<>("profile", LineProfile.class));
        day = ctx.getState(new ValueStateDescriptor<>("day", LineDay.class));
        var metrics = ctx.getMetricGroup().addGroup("footfall").addGroup("recovery");
        recovered = metrics.counter("crossings");     // people recovered from totals
        resets = metrics.counter("resets");           // totals back to zero (reboots)
        wraps = metrics.counter("wraps");             // totals that wrapped (device_health counts both as counter_resets)
        covered = metrics.counter("covered");         // late totals older than one taken
        moved = metrics.counter("moved");             // recovered crossings moved to a late period count's own minute
        implausible = metrics.counter("implausible"); // total steps no reading explains: nothing recovered
        stale = metrics.counter("stale_totals"); // totals older than the one taken, by their frame counter
        inconsistent = metrics.counter("inconsistent"); // period counts beyond what the totals grew by
        estimated = metrics.counter("estimated");     // people estimated for a silence a reboot erased
        fromProfile = metrics.counter("estimated_from_profile"); // of them, estimated from the line's profile
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
        LineCrossings c = r.lineCrossings();
        if (c == null) {
            out.collect(r); // not a count of crossings: nothing to recover, on at once
            return;
        }
        long time = r.eventTime().toEpochMilli();
        LineTotals ref = reference.value();
        if (ref != null && time <= ref.time()) {
            if (c.cumulative()) {
                covered.inc(); // a total taken already tells as much or more
            } else {
                moveToOwnMinute(r, time, out);
            }
            return;
        }
        MapState<Long, List<Reading>> kept = c.cumulative() ? totals : passed;
        List<Reading> at = kept.get(time);
        if (at != null && at.contains(r)) {
            return; // the same message again (the duplicate filter forgets after its window)
        }
        if (!c.cumulative()) {
            out.collect(r);
        }
        List<Reading> more = at == null ? new ArrayList<>() : new ArrayList<>(at);
        more.add(r);
        kept.put(time, more);
        ctx.timerService().registerEventTimeTimer(time - 1);
        Long last = heard.value();
        if (last == null || last < time) {
            heard.update(time);
        }
        UplinkPace known = pace.value();
        UplinkPace next = UplinkPace.after(known, time, r.frameCounter());
        if (!next.equals(known)) {
            pace.update(next);
        }
    }

    /**
     * A late period count whose span a total taken already covered: on to its own minute, and what
     * the total recovered of it taken back out of the total's minute.
     */
    private void moveToOwnMinute(Reading r, long time, Collector<Reading> out) throws Exception {
        out.collect(r);
        Recovered from = null;
        for (Recovered rec : recoveries.values()) {
            if (rec.from() < time && time <= rec.to()) {
                from = rec;
            }
        }
        if (from == null || (from.reset() && r.frameCounter() > from.frameCounter())) {
            return; // nothing recovered it (the first total, a total not believed, a count from before a reboot)
        }
        LineCrossings c = r.lineCrossings();
        long in = Math.min(c.in(), from.in());
        long outs = Math.min(c.out(), from.out());
        if (in == 0 && outs == 0) {
            return;
        }
        recoveries.put(from.to(), from.less(in, outs));
        out.collect(Reading.of(r.deviceId(), Instant.ofEpochMilli(from.to()), r.receivedTime(), r.frameCounter(),
                LineCrossings.withdrawal(c.gateId(), c.line(), in, outs, from.periodSeconds())));
        moved.inc(in + outs);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        List<Long> done = new ArrayList<>();
        for (Long t : recoveries.keys()) {
            if (t + latenessMs <= timestamp) {
                done.add(t); // no period count of its span can come any more
            }
        }
        for (Long t : done) {
            recoveries.remove(t);
        }
        for (long t : timesUpTo(totals, timestamp + 1)) {
            for (Reading r : totals.get(t)) {
                takeTotal(r, t, out, ctx);
            }
            totals.remove(t);
        }
        if (reference.value() == null) {
            // No total to relate them to: a line without totals, or before its first.
            for (long t : timesUpTo(passed, timestamp + 1)) {
                passed.remove(t);
            }
        }
        Long last = heard.value();
        if (last == null) {
            return;
        }
        Long forget = forgetAt.value();
        if (forget != null && forget == timestamp) {
            // Period counts after the last total taken are forgotten with it: no later total will
            // take them in, since the next one starts afresh. (Waiting for them to go would set the
            // timer again at a time passed already, and so for ever.)
            if (last + FORGET.toMillis() <= timestamp && totals.isEmpty() && recoveries.isEmpty()) {
                reference.clear();
                rate.clear();
                pace.clear();
                passed.clear();
                if (last + PROFILE_FORGET.toMillis() <= timestamp || (profile.value() == null && day.value() == null)) {
                    profile.clear();
                    day.clear();
                    heard.clear();
                    forgetAt.clear();
                    return;
                }
            }
            forget = null;
        }
        // While the line's totals are kept, it is forgotten after FORGET; after that only its profile
        // is left, forgotten after PROFILE_FORGET. A timer later than the horizon (the profile's,
        // for a line heard again) is brought forward, and deleted unless a reading's own timer is
        // at the same time; an earlier one finds the line heard since and sets the next.
        boolean shortTerm = reference.value() != null || rate.value() != null || pace.value() != null;
        boolean longTerm = profile.value() != null || day.value() != null;
        long horizon = last + (shortTerm || !longTerm ? FORGET : PROFILE_FORGET).toMillis();
        if (forget != null && forget > horizon) {
            if (!totals.contains(forget + 1) && !passed.contains(forget + 1) && !recoveries.contains(forget - latenessMs)) {
                ctx.timerService().deleteEventTimeTimer(forget);
            }
            forget = null;
        }
        if (forget == null) {
            ctx.timerService().registerEventTimeTimer(horizon);
            forgetAt.update(horizon);
        }
    }

    private static List<Long> timesUpTo(MapState<Long, List<Reading>> state, long upTo) throws Exception {
        List<Long> times = new ArrayList<>();
        for (Long t : state.keys()) {
            if (t <= upTo) {
                times.add(t);
            }
        }
        times.sort(null);
        return times;
    }

    private void takeTotal(Reading r, long time, Collector<Reading> out, OnTimerContext ctx) throws Exception {
        LineCrossings c = r.lineCrossings();
        LineTotals ref = reference.value();
        if (ref != null && olderThan(ref, time, r.frameCounter())) {
            // Sent before the total taken, though stamped after it (a device clock set wrong): its
            // lower totals would read as a reset and count everything again. It tells nothing new.
            stale.inc();
            return;
        }
        reference.update(new LineTotals(time, c.in(), c.out(), r.frameCounter()));
        TotalsDelta delta = ref == null ? null : TotalsDelta.between(ref, time, c.in(), c.out(), r.frameCounter());
        // After a reboot (the frame counter started again) the period counts passed on since the
        // last total are of two boots: the old one's (frame counters above the total's), whose
        // crossings the reboot erased from the totals, and the new one's, which the new totals hold
        // (without a reboot all are of the totals' own boot).
        boolean rebooted = delta != null && delta.kind() == TotalsDelta.Kind.RESET && r.frameCounter() < ref.frameCounter();
        List<Reading> oldBoot = new ArrayList<>();
        List<Reading> sameBoot = new ArrayList<>();
        for (long t : timesUpTo(passed, time)) {
            if (ref != null && t > ref.time()) {
                for (Reading p : passed.get(t)) {
                    (rebooted && p.frameCounter() > r.frameCounter() ? oldBoot : sameBoot).add(p);
                }
            }
            passed.remove(t);
        }
        if (ref == null) {
            return;
        }
        if (delta == null) {
            implausible.inc();
            return;
        }
        long periodIn = 0;
        long periodOut = 0;
        for (Reading p : sameBoot) {
            periodIn += p.lineCrossings().in();
            periodOut += p.lineCrossings().out();
        }
        LostCrossings erased = null;
        Silence silence = null;
        if (delta.kind() == TotalsDelta.Kind.RESET) {
            resets.inc();
            if (rebooted) {
                silence = Silence.of(ref, oldBoot, sameBoot, time, r.frameCounter());
                erased = LostCrossings.fromProfile(profile.value(), day.value(), pace.value(), silence, time, delta, zone);
                if (erased == null) {
                    erased = LostCrossings.estimate(rate.value(), pace.value(), silence, time, delta);
                }
            }
        } else {
            if (delta.kind() == TotalsDelta.Kind.WRAP) {
                wraps.inc();
            }
            rate.update(LineRate.after(rate.value(), delta.in(), delta.out(), time - ref.time()));
            if (time - ref.time() <= LONGEST_LEARNT_STEP) {
                learn(ref.time(), time, delta.in(), delta.out());
            } else if (heardMostOf(sameBoot, ref.time(), time)) {
                // One sum over a long step has no shape, but the period counts heard through it
                // have theirs: a counter that sends its totals on the hour and its counts every
                // few minutes learns its day from them. A count lost on the way leaves its span
                // out of the profile, not counted as quiet. (A step that is a silence, the one
                // count at its end heard, tells nothing of the rest: not learnt.)
                for (Reading p : sameBoot) {
                    long end = p.eventTime().toEpochMilli();
                    long span = p.lineCrossings().periodSeconds() * 1000L;
                    if (span <= LONGEST_LEARNT_STEP) {
                        learn(end - span, end, p.lineCrossings().in(), p.lineCrossings().out());
                    }
                }
            }
        }
        long lostIn = delta.in() - periodIn;
        long lostOut = delta.out() - periodOut;
        if (lostIn < 0 || lostOut < 0) {
            inconsistent.inc(); // the periods said more than the totals: keep what was passed on
        }
        lostIn = Math.max(0, lostIn);
        lostOut = Math.max(0, lostOut);
        long estimatedIn = 0;
        long estimatedOut = 0;
        if (erased != null && (erased.in() > 0 || erased.out() > 0)) {
            estimatedIn = erased.in();
            estimatedOut = erased.out();
            estimated.inc(estimatedIn + estimatedOut);
            if (erased.basis() == LostCrossings.Basis.PROFILE) {
                fromProfile.inc(estimatedIn + estimatedOut);
            }
            LOG.info("{}: reset {} min after the last total, {} min after the old boot was last heard; estimated {} in and {} out"
                    + " for {} min unheard up to the reboot at {} from its {}", lineKey(r), (time - ref.time()) / 60_000,
                    (time - silence.heardUntil()) / 60_000, estimatedIn, estimatedOut, erased.lostSpan().toMinutes(),
                    Instant.ofEpochMilli(erased.rebootMillis()), erased.basis() == LostCrossings.Basis.PROFILE ? "profile" : "rate");
        }
        int span = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (time - ref.time()) / 1000));
        if (lostIn + estimatedIn > 0 || lostOut + estimatedOut > 0) {
            // One reading for both, marked with its estimated part, so the results can say how much
            // of the minute is an estimate while everything else counts it as before.
            out.collect(Reading.of(r.deviceId(), Instant.ofEpochMilli(time), r.receivedTime(), r.frameCounter(),
                    LineCrossings.partlyEstimated(c.gateId(), c.line(), lostIn + estimatedIn, lostOut + estimatedOut, span,
                            estimatedIn, estimatedOut)));
        }
        if (lostIn > 0 || lostOut > 0) {
            recovered.inc(lostIn + lostOut);
            // Only what was counted can be moved to a late period count's minute: a late count is
            // never of the span estimated (see the class comment), and the estimate stays marked.
            recoveries.put(time, new Recovered(ref.time(), time, lostIn, lostOut, span,
                    delta.kind() == TotalsDelta.Kind.RESET, r.frameCounter()));
            ctx.timerService().registerEventTimeTimer(time + latenessMs);
        }
    }

    /**
     * Whether a total with a frame counter below the reference's was sent before it rather than
     * after a reboot. A device that reboots counts its frames from zero again, one per uplink, so
     * after a reboot the frame counter cannot exceed the uplinks that fit in the time since the
     * reference (with room for a reboot right after it and for an uneven pace). The pace is the
     * device's usual one ({@link UplinkPace}), not the last step of the totals: that step may hold
     * a burst of reports seconds apart, at whose pace any frame counter would fit. Without a known
     * pace the lower counter is taken for a reboot, as before.
     */
    private boolean olderThan(LineTotals ref, long time, long frameCounter) throws Exception {
        if (frameCounter >= ref.frameCounter()) {
            return false;
        }
        UplinkPace known = pace.value();
        long perFrame = known == null ? 0 : known.millisPerFrame();
        if (perFrame <= 0) {
            return false;
        }
        long fits = 2 * Math.max(0, time - ref.time()) / perFrame + 2;
        return frameCounter > fits;
    }

    /** Whether the period counts heard span at least half of [{@code from}, {@code to}). */
    private static boolean heardMostOf(List<Reading> counts, long from, long to) {
        long heard = 0;
        for (Reading p : counts) {
            long end = Math.min(to, p.eventTime().toEpochMilli());
            heard += Math.max(0, end - Math.max(from, end - p.lineCrossings().periodSeconds() * 1000L));
        }
        return 2 * heard >= to - from;
    }

    /**
     * A step of the totals, or a period count, over [{@code from}, {@code to}) into the line's day,
     * spread evenly over its quarter hours; a day that ended first is folded into the profile.
     */
    private void learn(long from, long to, long dIn, long dOut) throws Exception {
        LineDay today = day.value();
        LineProfile usual = null; // the profile with the days folded in here, if any
        double span = to - from;
        for (DaySlots.Piece p : DaySlots.split(from, to, zone)) {
            long epochDay = p.day().toEpochDay();
            if (today != null && epochDay > today.epochDay()) {
                usual = LineProfile.after(usual == null ? profile.value() : usual, today);
                today = null;
            }
            if (today == null) {
                today = LineDay.starting(epochDay);
            }
            if (epochDay == today.epochDay()) {
                today = today.plus(p.slot(), dIn * p.millis() / span, dOut * p.millis() / span, p.millis());
            }
        }
        if (usual != null) {
            profile.update(usual);
        }
        day.update(today);
    }
}
