package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;
import java.time.Instant;
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
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.jobs.occupancy.OccupancyFunction;

/**
 * One counting line of one device (the key, {@link #lineKey}): its period counts passed on as
 * they are, plus the crossings its running totals show that no period count carried — uplinks
 * lost while the device was offline, or held by a gateway until their minute was written.
 *
 * <p>Readings are taken in event-time order: each waits until the watermark reaches it (one
 * millisecond before its time, so that what it yields still lands in its own minute downstream).
 * A total is compared with the previous one taken ({@link TotalsDelta}: straight on, wrapped or
 * reset); what it grew by, less the period counts passed on since, is recovered. The same crossings
 * are never counted twice: a period count is either passed on (and then subtracted from the next
 * total's growth) or left to the totals, never both.
 *
 * <p>Recovered crossings are placed in the minute of the total that reveals them, the end of the
 * gap, not spread back over it: the minutes of the gap have been written by then (the watermark is
 * past them), and a count in the current minute keeps every later minute right. During a gap the
 * zones on either side of the gate therefore miss its crossings, and their occupancy catches up in
 * one step when the device is heard again; visitors per day are exact unless the gap spans midnight
 * or the opening hours' edges.
 *
 * <p>A reading older than one already taken, or whose minute the downstream operators have
 * already written, is left to the totals on a line that has them (counted as covered); on a line
 * without totals it is passed on as it is, and the downstream operators count it as late. Crossings
 * between a device's last report and a reboot are lost for good: the reboot zeroes both its open
 * period and its totals.
 *
 * <p>A line not heard for {@link #FORGET} of event time is forgotten; its next total starts
 * afresh, and what it counted in the silence is not recovered.
 */
public final class LineRecoveryFunction extends KeyedProcessFunction<String, Reading, Reading> {
    /** How long a silent line's last total is kept to recover the silence from. */
    public static final Duration FORGET = Duration.ofHours(6);

    private transient MapState<Long, List<Reading>> pending;
    private transient ValueState<LineTotals> reference;
    private transient ValueState<Long> takenUpTo;
    private transient ValueState<Long> forgetAt;
    private transient Counter recovered;
    private transient Counter resets;
    private transient Counter wraps;
    private transient Counter covered;
    private transient Counter implausible;
    private transient Counter inconsistent;

    /** The key: device and line, e.g. {@code 24e124136b316071/1}. */
    public static String lineKey(Reading r) {
        return r.deviceId() + "/" + r.lineCrossings().line();
    }

    @Override
    public void open(OpenContext openContext) {
        var ctx = getRuntimeContext();
        pending = ctx.getMapState(new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(TypeInformation.of(Reading.class))));
        reference = ctx.getState(new ValueStateDescriptor<>("reference", LineTotals.class));
        takenUpTo = ctx.getState(new ValueStateDescriptor<>("takenUpTo", Long.class));
        forgetAt = ctx.getState(new ValueStateDescriptor<>("forgetAt", Long.class));
        var metrics = ctx.getMetricGroup().addGroup("footfall").addGroup("recovery");
        recovered = metrics.counter("crossings");     // people recovered from totals
        resets = metrics.counter("resets");           // totals back to zero (reboots)
        wraps = metrics.counter("wraps");             // totals that wrapped (device_health counts both as counter_resets)
        covered = metrics.counter("covered");         // late readings left to the totals
        implausible = metrics.counter("implausible"); // total steps no reading explains: nothing recovered
        inconsistent = metrics.counter("inconsistent"); // period counts beyond what the totals grew by
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
        LineCrossings c = r.lineCrossings();
        if (c == null) {
            return;
        }
        long time = r.eventTime().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        boolean totalsLine = c.cumulative() || reference.value() != null;
        Long taken = takenUpTo.value();
        boolean behind = taken != null && time <= taken;
        // Downstream holds exactly this watermark now, and still when this reading would be taken.
        boolean minuteWritten = OccupancyFunction.minuteOf(time) + OccupancyFunction.MINUTE - 1 <= watermark;
        if (behind || (time - 1 <= watermark && minuteWritten)) {
            if (totalsLine) {
                covered.inc(); // the next total carries its crossings
            } else if (!c.cumulative()) {
                out.collect(r);
            }
            return;
        }
        List<Reading> at = pending.get(time);
        if (at != null && at.contains(r)) {
            return; // the same message again (the duplicate filter forgets after its window)
        }
        List<Reading> more = at == null ? new ArrayList<>() : new ArrayList<>(at);
        more.add(r);
        pending.put(time, more);
        ctx.timerService().registerEventTimeTimer(time - 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        List<Long> due = new ArrayList<>();
        for (Long t : pending.keys()) {
            if (t <= timestamp + 1) {
                due.add(t);
            }
        }
        due.sort(null);
        for (Long t : due) {
            take(t, pending.get(t), out);
            pending.remove(t);
        }
        Long taken = takenUpTo.value();
        Long forget = forgetAt.value();
        if (taken == null) {
            return;
        }
        long horizon = taken + FORGET.toMillis();
        if (forget != null && forget == timestamp) {
            if (horizon <= timestamp && pending.isEmpty()) {
                reference.clear();
                takenUpTo.clear();
                forgetAt.clear();
                return;
            }
            forget = null;
        }
        if (forget == null) {
            ctx.timerService().registerEventTimeTimer(horizon);
            forgetAt.update(horizon);
        }
    }

    /** The readings of one instant: period counts first, then totals, which include them. */
    private void take(long time, List<Reading> readings, Collector<Reading> out) throws Exception {
        LineTotals ref = reference.value();
        for (Reading r : readings) {
            LineCrossings c = r.lineCrossings();
            if (!c.cumulative()) {
                out.collect(r);
                if (ref != null) {
                    ref = ref.withPeriod(c.in(), c.out());
                }
            }
        }
        for (Reading r : readings) {
            LineCrossings c = r.lineCrossings();
            if (c.cumulative()) {
                ref = takeTotal(r, c, time, ref, out);
            }
        }
        if (ref != null) {
            reference.update(ref);
        }
        takenUpTo.update(time);
    }

    private LineTotals takeTotal(Reading r, LineCrossings c, long time, LineTotals ref, Collector<Reading> out) {
        LineTotals next = new LineTotals(time, c.in(), c.out(), r.frameCounter(), 0, 0);
        if (ref == null) {
            return next;
        }
        TotalsDelta delta = TotalsDelta.between(ref, time, c.in(), c.out(), r.frameCounter());
        if (delta == null) {
            implausible.inc();
            return next;
        }
        if (delta.kind() == TotalsDelta.Kind.RESET) {
            resets.inc();
        } else if (delta.kind() == TotalsDelta.Kind.WRAP) {
            wraps.inc();
        }
        long lostIn = delta.in() - ref.periodIn();
        long lostOut = delta.out() - ref.periodOut();
        if (lostIn < 0 || lostOut < 0) {
            inconsistent.inc(); // the periods said more than the totals: keep what was passed on
        }
        lostIn = Math.max(0, lostIn);
        lostOut = Math.max(0, lostOut);
        if (lostIn > 0 || lostOut > 0) {
            int span = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (time - ref.time()) / 1000));
            out.collect(Reading.of(r.deviceId(), Instant.ofEpochMilli(time), r.receivedTime(), r.frameCounter(),
                    LineCrossings.period(c.gateId(), c.line(), lostIn, lostOut, span)));
            recovered.inc(lostIn + lostOut);
        }
        return next;
    }
}
