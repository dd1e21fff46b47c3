package se.helsingborg.footfall.jobs.visitors;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.LocalTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import se.helsingborg.footfall.jobs.SiteEntry;
import se.helsingborg.footfall.storage.results.VisitorsDay;

/**
 * Visitors of one site (the key) per local day (DESIGN §5): entries through its external gates
 * during opening hours, summed in event time. The day's running total is emitted once per minute
 * that brought entries, as an upsert. A late entry within the allowed lateness adds to its own
 * day, also when the day has ended: a day's state is kept until the watermark is the lateness past
 * the day's end, then dropped, so a quiet site keeps no state. Entries later than that are dropped
 * (the duplicate filter rejects such readings already). A withdrawal (negative entries) takes
 * entries a recovery put in a later minute back out; both lie in the same day but for a recovery
 * across midnight. A day whose total is then back to none has no row, as a day nobody entered on
 * time: its row is retracted ({@link VisitorsDay#retraction}) if it was written, and never
 * written otherwise. The part of a day's visitors that was estimated, not counted (a reboot in a
 * silence, see {@code LostCrossings}), is summed beside the total, in a state that holds only the
 * days with an estimate.
 */
public final class VisitorsFunction extends KeyedProcessFunction<String, SiteEntry, VisitorsDay> {
    private static final long MINUTE = 60_000;

    private final ZoneId timezone;
    private final long latenessMs;
    private transient MapState<LocalDate, Long> totals;
    private transient MapState<LocalDate, Boolean> changed;
    /** The days whose row has been written (and not retracted since). */
    private transient MapState<LocalDate, Boolean> written;
    private transient MapState<LocalDate, Long> estimated;

    public VisitorsFunction(ZoneId timezone, java.time.Duration allowedLateness) {
        this.timezone = timezone;
        this.latenessMs = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        // Flink's own date serializer, not Kryo: state that outlives a class change stays readable.
        totals = getRuntimeContext().getMapState(new MapStateDescriptor<>("totals", LocalTimeTypeInfo.LOCAL_DATE, Types.LONG));
        changed = getRuntimeContext().getMapState(new MapStateDescriptor<>("changed", LocalTimeTypeInfo.LOCAL_DATE, Types.BOOLEAN));
        written = getRuntimeContext().getMapState(new MapStateDescriptor<>("written", LocalTimeTypeInfo.LOCAL_DATE, Types.BOOLEAN));
        estimated = getRuntimeContext().getMapState(new MapStateDescriptor<>("estimated", LocalTimeTypeInfo.LOCAL_DATE, Types.LONG));
    }

    @Override
    public void processElement(SiteEntry entry, Context ctx, Collector<VisitorsDay> out) throws Exception {
        long last = entry.periodEnd() - 1;
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(last), timezone);
        long endOfDay = day.plusDays(1).atStartOfDay(timezone).toInstant().toEpochMilli();
        long forgetAt = endOfDay + latenessMs;
        if (forgetAt <= ctx.timerService().currentWatermark()) {
            return; // later than the allowed lateness: the day's total is written and let go
        }
        Long total = totals.get(day);
        totals.put(day, (total == null ? 0 : total) + entry.entries());
        if (entry.estimated() != 0) {
            Long guessed = estimated.get(day);
            estimated.put(day, (guessed == null ? 0 : guessed) + entry.estimated());
        }
        changed.put(day, true);
        ctx.timerService().registerEventTimeTimer(Math.floorDiv(last, MINUTE) * MINUTE + MINUTE - 1);
        ctx.timerService().registerEventTimeTimer(forgetAt);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<VisitorsDay> out) throws Exception {
        var days = new java.util.ArrayList<LocalDate>();
        changed.keys().forEach(days::add);
        for (LocalDate day : days) {
            long total = totals.get(day);
            if (total != 0) {
                Long guessed = estimated.get(day);
                out.collect(new VisitorsDay(ctx.getCurrentKey(), day, total, guessed == null ? 0 : guessed));
                written.put(day, true);
            } else if (written.contains(day)) {
                out.collect(VisitorsDay.retraction(ctx.getCurrentKey(), day));
                written.remove(day);
            }
            changed.remove(day);
        }
        days.clear();
        totals.keys().forEach(days::add);
        for (LocalDate day : days) {
            if (day.plusDays(1).atStartOfDay(timezone).toInstant().toEpochMilli() + latenessMs <= timestamp) {
                totals.remove(day);
                written.remove(day);
                estimated.remove(day);
            }
        }
    }
}
