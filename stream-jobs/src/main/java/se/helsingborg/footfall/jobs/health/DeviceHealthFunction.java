package se.helsingborg.footfall.jobs.health;

import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.storage.results.DeviceHealthMinute;

/**
 * Health of one device (the key), in event time (DESIGN §4, operators): when it was last heard
 * from, whether it is online — offline once three of its reporting intervals pass without a
 * reading, online again with the next — its last battery and signal, and how often its cumulative
 * counters went backwards (a reboot or a wrap, never negative people; DESIGN §5).
 *
 * <p>Its second input is the device's rejected messages (unreadable, or readings too late), counted
 * in event time by their reception: a reject waits until the readings' watermark passes the end of
 * the minute it was received in, then joins the count, so the rows do not depend on whether a
 * reject or the readings around it reached the operator first. A reject arriving after its minute
 * is complete counts at once, in the device's latest row: the rejects travel apart from the
 * readings, so which minute that is can differ between two runs over the same messages (seen under
 * load: a reject counted two minutes later), while each device's total is the same. Making it
 * exact needs the rejects to pass the event-time stage with the readings. Rejects do not move the
 * clock ({@link ReadingsClockOperator}).
 *
 * <p>A row is written for each minute in which the device reported or changed state. The state
 * per device is a handful of values and one timer, plus, for rejects waiting, one count and one
 * timer per minute of reception the watermark has not passed yet (none once it has): devices are
 * few and permanent, so the rest is kept.
 */
public final class DeviceHealthFunction extends KeyedCoProcessFunction<String, Reading, DeviceReject, DeviceHealthMinute> {
    /** Missed reporting intervals after which a device counts as offline. */
    public static final int MISSED_INTERVALS = 3;
    private static final long MINUTE = 60_000;

    private final SiteModel site;
    private transient ValueState<DeviceHealthMinute> last;
    private transient ValueState<Long> offlineTimer;
    private transient MapState<String, long[]> totals;
    /** Rejects waiting for the watermark, by the start of their minute of reception. */
    private transient MapState<Long, Integer> waitingRejects;
    private transient Counter resets;

    public DeviceHealthFunction(SiteModel site) {
        this.site = site;
    }

    @Override
    public void open(OpenContext openContext) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", DeviceHealthMinute.class));
        offlineTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("offlineTimer", Long.class));
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("totals", String.class, long[].class));
        waitingRejects = getRuntimeContext().getMapState(new MapStateDescriptor<>("waitingRejects", Long.class, Integer.class));
        resets = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("devices").counter("counter_resets");
    }

    @Override
    public void processElement1(Reading r, Context ctx, Collector<DeviceHealthMinute> out) throws Exception {
        DeviceHealthMinute before = last.value();
        Instant seen = r.eventTime();
        if (before != null && before.lastSeen() != null && seen.isBefore(before.lastSeen())) {
            seen = before.lastSeen(); // an older reading arriving late says nothing new of liveness
        }
        int counterResets = (before == null ? 0 : before.counterResets()) + (wentBackwards(r) ? 1 : 0);
        DeviceStatus status = r.deviceStatus();
        DeviceHealthMinute now = new DeviceHealthMinute(ctx.getCurrentKey(), minuteOf(seen), seen, true,
                status != null && status.batteryPercent() != null ? status.batteryPercent() : before == null ? null : before.batteryPercent(),
                status != null && status.batteryMillivolts() != null ? status.batteryMillivolts() : before == null ? null : before.batteryMillivolts(),
                status != null && status.rssiDbm() != null ? status.rssiDbm() : before == null ? null : before.rssiDbm(),
                status != null && status.snrDb() != null ? status.snrDb() : before == null ? null : before.snrDb(),
                counterResets, before == null ? 0 : before.rejectedMessages());
        if (!now.equals(before)) {
            out.collect(now);
            last.update(now);
        }
        long due = seen.toEpochMilli() + MISSED_INTERVALS * 1000L * intervalSeconds(ctx.getCurrentKey());
        Long timer = offlineTimer.value();
        if (timer == null || timer != due) {
            if (timer != null) {
                ctx.timerService().deleteEventTimeTimer(timer);
            }
            ctx.timerService().registerEventTimeTimer(due);
            offlineTimer.update(due);
        }
    }

    @Override
    public void processElement2(DeviceReject reject, Context ctx, Collector<DeviceHealthMinute> out) throws Exception {
        long minute = minuteOf(reject.receivedAt()).toEpochMilli();
        long minuteEnd = minute + MINUTE - 1;
        if (minuteEnd <= ctx.timerService().currentWatermark()) {
            countRejects(ctx.getCurrentKey(), minute, 1, out);
            return;
        }
        Integer waiting = waitingRejects.get(minute);
        if (waiting == null) {
            ctx.timerService().registerEventTimeTimer(minuteEnd);
        }
        waitingRejects.put(minute, waiting == null ? 1 : waiting + 1);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeviceHealthMinute> out) throws Exception {
        long rejectMinute = timestamp - (MINUTE - 1);
        Integer waiting = waitingRejects.get(rejectMinute);
        if (waiting != null) {
            waitingRejects.remove(rejectMinute);
            countRejects(ctx.getCurrentKey(), rejectMinute, waiting, out);
        }
        Long timer = offlineTimer.value();
        if (timer == null || timer != timestamp) {
            return; // a rejects timer only
        }
        offlineTimer.clear();
        DeviceHealthMinute before = last.value();
        if (before != null && before.online()) {
            DeviceHealthMinute offline = new DeviceHealthMinute(before.deviceId(), minuteOf(Instant.ofEpochMilli(timestamp)),
                    before.lastSeen(), false, before.batteryPercent(), before.batteryMillivolts(), before.rssiDbm(),
                    before.snrDb(), before.counterResets(), before.rejectedMessages());
            out.collect(offline);
            last.update(offline);
        }
    }

    /**
     * Adds rejects received in {@code minute} to the device's count, in that minute's row, or in the
     * latest row when the readings have written a later one already (rows only go forwards). A
     * device never read is offline and never seen.
     */
    private void countRejects(String device, long minute, int count, Collector<DeviceHealthMinute> out) throws Exception {
        DeviceHealthMinute before = last.value();
        DeviceHealthMinute now = before == null
                ? new DeviceHealthMinute(device, Instant.ofEpochMilli(minute), null, false, null, null, null, null, 0, count)
                : new DeviceHealthMinute(device, before.minute().toEpochMilli() > minute ? before.minute() : Instant.ofEpochMilli(minute),
                        before.lastSeen(), before.online(), before.batteryPercent(), before.batteryMillivolts(), before.rssiDbm(),
                        before.snrDb(), before.counterResets(), before.rejectedMessages() + count);
        out.collect(now);
        last.update(now);
    }

    /** A cumulative count below the previous one of the same line: the device reset or wrapped. */
    private boolean wentBackwards(Reading r) throws Exception {
        LineCrossings c = r.lineCrossings();
        if (c == null || !c.cumulative()) {
            return false;
        }
        String line = c.gateId() + "/" + c.line();
        long[] previous = totals.get(line);
        long[] current = {r.eventTime().toEpochMilli(), c.in(), c.out()};
        if (previous != null && current[0] < previous[0]) {
            return false; // an older total arriving late
        }
        totals.put(line, current);
        boolean backwards = previous != null && (c.in() < previous[1] || c.out() < previous[2]);
        if (backwards) {
            resets.inc();
        }
        return backwards;
    }

    private int intervalSeconds(String deviceId) {
        return site.device(deviceId).map(d -> d.reportingIntervalSeconds()).orElse(300);
    }

    private static Instant minuteOf(Instant t) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), MINUTE) * MINUTE);
    }
}
