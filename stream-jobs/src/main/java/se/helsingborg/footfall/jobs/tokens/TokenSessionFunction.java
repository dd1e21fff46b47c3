package se.helsingborg.footfall.jobs.tokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Sessions of one presence token (the key) per zone, in event time (DESIGN §5): sightings of the
 * token in a zone belong to one session until none comes for {@code gap}; when the watermark
 * passes the last sighting plus the gap, the session is emitted. Its dwell is last sighting −
 * first sighting, which is short of the true stay by the time from entering to the first sighting
 * and from the last sighting to leaving: for a sensor reporting every interval I, about I in all on
 * average (I/2 at each end), and a stay shorter than I may be seen once (dwell 0) or not at all.
 *
 * <p>When a session closes and the token's previous session was in another zone, began earlier and
 * ended no more than {@code transitionLimit} before this one began, the move between them is a
 * {@link ZoneTransition} ({@link #TRANSITIONS}). Overlapping sessions (two sensors seeing one phone
 * at a door) count as a move from the one that began first.
 *
 * <p>A token is a hash keyed by the day (ingest rotates it at local midnight), so its state ends
 * with the day: open sessions close by the gap after their last sighting, and the previous session
 * is forgotten once the transition limit after it has passed with no session open; then the key
 * has no state and no timers. A session never reaches past its local date either (a sighting of
 * another date starts a new one), so tokens of different days never join even if one repeated.
 * Sightings that arrive after their session would have closed are counted
 * ({@code footfall.tokens.late_sightings}) and left out.
 */
public final class TokenSessionFunction extends KeyedProcessFunction<String, Reading, TokenSession> {
    public static final Duration DEFAULT_GAP = Duration.ofMinutes(15);
    public static final Duration DEFAULT_TRANSITION_LIMIT = Duration.ofMinutes(30);
    public static final OutputTag<ZoneTransition> TRANSITIONS = new OutputTag<>("zone-transitions") {};

    private final long gap;
    private final long limit;
    private final TokenDays days;
    /** The open session in each zone the token is seen in (usually one). */
    private transient MapState<String, TokenSession> open;
    /** The session that closed last, while a transition from it is still possible. */
    private transient ValueState<TokenSession> previous;
    private transient Counter lateSightings;

    public TokenSessionFunction(java.time.ZoneId timezone, Duration gap, Duration transitionLimit) {
        if (gap.isNegative() || gap.isZero() || transitionLimit.isNegative()) {
            throw new IllegalArgumentException("the session gap must be positive and the transition limit not negative");
        }
        this.days = new TokenDays(timezone);
        this.gap = gap.toMillis();
        this.limit = transitionLimit.toMillis();
    }

    public TokenSessionFunction(java.time.ZoneId timezone) {
        this(timezone, DEFAULT_GAP, DEFAULT_TRANSITION_LIMIT);
    }

    @Override
    public void open(OpenContext openContext) {
        open = getRuntimeContext().getMapState(new MapStateDescriptor<>("open-sessions", String.class, TokenSession.class));
        previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous-session", TokenSession.class));
        lateSightings = getRuntimeContext().getMetricGroup().addGroup("footfall").addGroup("tokens").counter("late_sightings");
    }

    @Override
    public void processElement(Reading r, Context ctx, Collector<TokenSession> out) throws Exception {
        if (r.presence() == null) {
            return;
        }
        String zone = r.presence().zoneId();
        long t = r.eventTime().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        TokenSession session = open.get(zone);
        if (session != null && (t > session.last() + gap || !days.dayOf(t).equals(days.dayOf(session.first())))) {
            // its timer has not fired yet, but this sighting is past the gap (or on another day): a new session
            ctx.timerService().deleteEventTimeTimer(session.last() + gap);
            open.remove(zone);
            close(session, ctx, out);
            session = null;
        }
        if (session == null) {
            if (t + gap <= watermark) {
                lateSightings.inc(); // a session of it alone would have closed already
                return;
            }
            open.put(zone, new TokenSession(zone, t, t));
            ctx.timerService().registerEventTimeTimer(t + gap);
        } else if (t < session.first() - gap) {
            lateSightings.inc(); // a session before this one, whose time has passed
        } else if (t > session.last()) {
            ctx.timerService().deleteEventTimeTimer(session.last() + gap);
            open.put(zone, session.seenAt(t));
            ctx.timerService().registerEventTimeTimer(t + gap);
        } else if (t < session.first()) {
            open.put(zone, session.seenAt(t));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TokenSession> out) throws Exception {
        List<TokenSession> ending = new ArrayList<>();
        for (Map.Entry<String, TokenSession> e : open.entries()) {
            if (e.getValue().last() + gap <= timestamp) {
                ending.add(e.getValue());
            }
        }
        ending.sort(Comparator.comparingLong(TokenSession::first));
        for (TokenSession s : ending) {
            open.remove(s.zoneId());
            close(s, ctx, out);
        }
        // the watermark may be far past the timer (the end of a replay): what matters is where it is
        forgetPreviousWhenDone(Math.max(timestamp, ctx.timerService().currentWatermark()));
    }

    /** Emits the session and the transition into it, and makes it the token's previous session. */
    private void close(TokenSession s, Context ctx, Collector<TokenSession> out) throws Exception {
        out.collect(s);
        TokenSession p = previous.value();
        if (p != null && !p.zoneId().equals(s.zoneId()) && s.first() > p.first() && s.first() - p.last() <= limit
                && days.dayOf(p.first()).equals(days.dayOf(s.first()))) {
            ctx.output(TRANSITIONS, new ZoneTransition(p.zoneId(), s.zoneId(), s.first()));
        }
        previous.update(s);
        if (s.last() + limit > ctx.timerService().currentWatermark()) {
            ctx.timerService().registerEventTimeTimer(s.last() + limit);
        }
    }

    /**
     * Once the limit after the previous session has passed and no session is open, no later
     * session can be a move from it: the key's state ends.
     */
    private void forgetPreviousWhenDone(long now) throws Exception {
        TokenSession p = previous.value();
        if (p != null && p.last() + limit <= now && open.isEmpty()) {
            previous.clear();
        }
    }
}
