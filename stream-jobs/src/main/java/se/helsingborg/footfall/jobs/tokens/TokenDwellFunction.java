package se.helsingborg.footfall.jobs.tokens;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.jobs.dwell.DwellCurves;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;

/**
 * Token dwell per zone and local day ({@link #key}: the zone and the local date of the session's
 * first sighting), method {@code tokens}: visits, mean, median and 90th percentile of the day's
 * sessions, and the same by local hour of the first sighting ({@link #HOURLY}).
 *
 * <p>The figures are exact: the state is the day's session lengths, one long each. A zone sees a
 * few thousand phones a day, tens of kilobytes, kept for one day; a sketch would save little and
 * make the median approximate. At the end of every hour in which sessions closed the day so far
 * is emitted as provisional rows under the day's keys; the day is final, and its state and timers
 * gone, once the watermark passes its midnight by the session gap, when the last session of its
 * tokens has closed (a token lives for one local date). A session arriving after that is counted
 * ({@code footfall.tokens.late_sessions}) and left out; rows are upserts, so a replay overwrites.
 *
 * <p>Days here are local dates, not the zone's reset-to-reset days of the other dwell methods: a
 * token ends at midnight, so a stay across midnight is two sessions, one in each date. For zones
 * that close before midnight, as the library does, the two agree.
 */
public final class TokenDwellFunction extends KeyedProcessFunction<String, TokenSession, DwellDay> {
    public static final String METHOD = "tokens";
    public static final OutputTag<DwellHour> HOURLY = new OutputTag<>("token-dwell-hourly") {};
    private static final long HOUR = 3_600_000;

    private final TokenDays days;
    private final long gap;
    private transient ListState<TokenSession> sessions;
    private transient Counter lateSessions;

    public TokenDwellFunction(ZoneId timezone, Duration gap) {
        this.days = new TokenDays(timezone);
        this.gap = gap.toMillis();
    }

    /** The key of a session's zone-day: zone and local date of its first sighting. */
    public static String key(TokenSession s, ZoneId timezone) {
        return s.zoneId() + "/" + LocalDate.ofInstant(Instant.ofEpochMilli(s.first()), timezone);
    }

    @Override
    public void open(OpenContext openContext) {
        sessions = getRuntimeContext().getListState(new ListStateDescriptor<>("sessions", TokenSession.class));
        lateSessions = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("tokens").counter("late_sessions");
    }

    @Override
    public void processElement(TokenSession s, Context ctx, Collector<DwellDay> out) throws Exception {
        long settled = days.endOf(days.dayOf(s.first())) + gap;
        if (settled <= ctx.timerService().currentWatermark()) {
            lateSessions.inc(); // its day is final and its state gone
            return;
        }
        sessions.add(s);
        ctx.timerService().registerEventTimeTimer(settled);
        long hourEnd = Math.floorDiv(ctx.timestamp(), HOUR) * HOUR + HOUR;
        if (hourEnd < settled) {
            ctx.timerService().registerEventTimeTimer(hourEnd); // the day so far, provisional
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DwellDay> out) throws Exception {
        List<TokenSession> all = new ArrayList<>();
        sessions.get().forEach(all::add);
        if (all.isEmpty()) {
            return;
        }
        TokenSession any = all.get(0);
        LocalDate day = days.dayOf(any.first());
        if (timestamp >= days.endOf(day) + gap) {
            sessions.clear(); // final: nothing of this day can still close
        }
        double[] stays = all.stream().mapToDouble(s -> s.dwellMillis() / 1000.0).toArray();
        DwellCurves.Figures f = DwellCurves.figures(stays);
        out.collect(new DwellDay(any.zoneId(), day, METHOD, f.visits(), f.meanSeconds(), f.medianSeconds(), f.p90Seconds()));
        TreeMap<Integer, List<Double>> byHour = new TreeMap<>();
        for (TokenSession s : all) {
            int hour = Instant.ofEpochMilli(s.first()).atZone(days.timezone()).getHour();
            byHour.computeIfAbsent(hour, h -> new ArrayList<>()).add(s.dwellMillis() / 1000.0);
        }
        byHour.forEach((hour, list) -> {
            DwellCurves.Figures h = DwellCurves.figures(list.stream().mapToDouble(Double::doubleValue).toArray());
            ctx.output(HOURLY, new DwellHour(any.zoneId(), day, hour, METHOD, h.visits(), h.meanSeconds(), h.medianSeconds(),
                    h.p90Seconds()));
        });
    }
}
