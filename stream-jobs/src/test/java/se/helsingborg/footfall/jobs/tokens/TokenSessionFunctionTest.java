package se.helsingborg.footfall.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.PresenceToken;
import se.helsingborg.footfall.ingest.reading.Reading;

class TokenSessionFunctionTest {
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");
    private static final long MIN = 60_000;
    private static final String PHONE = "tokenOfOnePhone1";
    private static final String OTHER = "tokenOfAnotherPh";

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, TokenSession> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(
                new TokenSessionFunction(TZ, Duration.ofMinutes(15), Duration.ofMinutes(30))), r -> r.presence().token(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** Monday 2026-11-23 at hh:mm, Stockholm. */
    private static long at(int hour, int minute) {
        return LocalDateTime.of(2026, 11, 23, hour, minute).atZone(TZ).toInstant().toEpochMilli();
    }

    private void seen(String token, String zone, long t) throws Exception {
        harness.processElement(Reading.of("wifi-" + zone, Instant.ofEpochMilli(t), Instant.ofEpochMilli(t), t,
                new PresenceToken(zone, token)), t);
    }

    /** Sightings every {@code everyMinutes} from {@code from} to {@code to} inclusive. */
    private void seenEvery(String token, String zone, long from, long to, int everyMinutes) throws Exception {
        for (long t = from; t <= to; t += everyMinutes * MIN) {
            seen(token, zone, t);
        }
    }

    private List<TokenSession> sessions() {
        return harness.extractOutputValues();
    }

    private List<ZoneTransition> transitions() {
        return harness.getSideOutput(TokenSessionFunction.TRANSITIONS) == null ? List.of()
                : harness.getSideOutput(TokenSessionFunction.TRANSITIONS).stream().map(StreamRecord::getValue).toList();
    }

    private void assertNothingLeftBehind() {
        assertThat(harness.numKeyedStateEntries()).as("keyed state").isZero();
        assertThat(harness.numEventTimeTimers()).as("timers").isZero();
    }

    @Test
    void sightingsCloserThanTheGapAreOneSessionAndItClosesAGapAfterTheLast() throws Exception {
        seenEvery(PHONE, "lib", at(10, 0), at(10, 40), 5);
        seen(PHONE, "lib", at(10, 52)); // 12 minutes later: still the same session
        harness.processWatermark(at(11, 6));
        assertThat(sessions()).as("open until 15 minutes after the last sighting").isEmpty();
        harness.processWatermark(at(11, 7));
        assertThat(sessions()).containsExactly(new TokenSession("lib", at(10, 0), at(10, 52)));
        assertThat(sessions().get(0).dwellMillis()).isEqualTo(52 * MIN);
        harness.processWatermark(at(23, 0));
        assertThat(transitions()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void aGapLongerThanTheTimeoutSplitsTheStayInTwoAndOutOfOrderSightingsStillCount() throws Exception {
        seen(PHONE, "lib", at(10, 5));
        seen(PHONE, "lib", at(10, 0));  // arrived late, earlier than the first: extends the session back
        seen(PHONE, "lib", at(10, 20));
        seen(PHONE, "lib", at(10, 36)); // 16 minutes after the last, before the watermark closed it
        harness.processWatermark(at(12, 0));
        assertThat(sessions()).containsExactly(
                new TokenSession("lib", at(10, 0), at(10, 20)), new TokenSession("lib", at(10, 36), at(10, 36)));
        assertThat(transitions()).as("the same zone again is no transition").isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void aMoveWithinTheLimitIsATransitionAndEachTokenIsItsOwn() throws Exception {
        seenEvery(PHONE, "park-north", at(9, 0), at(9, 30), 5);
        seenEvery(OTHER, "park-north", at(9, 0), at(9, 10), 5);
        seenEvery(PHONE, "lib", at(9, 50), at(11, 0), 5); // 20 minutes after the park: within 30
        harness.processWatermark(at(9, 46));
        assertThat(sessions()).as("the park session closed at 09:45").hasSize(2);
        harness.processWatermark(at(13, 0));
        assertThat(sessions()).contains(new TokenSession("park-north", at(9, 0), at(9, 30)),
                new TokenSession("lib", at(9, 50), at(11, 0)), new TokenSession("park-north", at(9, 0), at(9, 10)));
        assertThat(transitions()).containsExactly(new ZoneTransition("park-north", "lib", at(9, 50)));
        assertNothingLeftBehind();
    }

    @Test
    void aMoveBeyondTheLimitIsNoTransition() throws Exception {
        seenEvery(PHONE, "park-north", at(9, 0), at(9, 30), 5);
        seenEvery(PHONE, "lib", at(10, 1), at(10, 30), 5); // 31 minutes after the park
        harness.processWatermark(at(13, 0));
        assertThat(sessions()).hasSize(2);
        assertThat(transitions()).isEmpty();
        assertNothingLeftBehind();
    }

    @Test
    void overlappingSessionsAtADoorAreAMoveFromTheOneThatBeganFirst() throws Exception {
        seenEvery(PHONE, "park-north", at(9, 0), at(9, 30), 5);
        seenEvery(PHONE, "lib", at(9, 30), at(10, 30), 5); // seen by both sensors at 09:30
        seenEvery(PHONE, "park-north", at(10, 40), at(10, 50), 5); // and back out
        harness.processWatermark(at(13, 0));
        assertThat(transitions()).containsExactly(new ZoneTransition("park-north", "lib", at(9, 30)),
                new ZoneTransition("lib", "park-north", at(10, 40)));
        assertNothingLeftBehind();
    }

    @Test
    void aSightingTooLateForItsClosedSessionIsLeftOutAndLeavesNothing() throws Exception {
        seen(PHONE, "lib", at(10, 0));
        harness.processWatermark(at(10, 30));
        seen(PHONE, "lib", at(10, 5)); // its session closed at 10:15
        harness.processWatermark(at(12, 0));
        assertThat(sessions()).containsExactly(new TokenSession("lib", at(10, 0), at(10, 0)));
        assertNothingLeftBehind();
    }

    @Test
    void aSessionEndsAtMidnightSoTwoDaysNeverJoin() throws Exception {
        seen(PHONE, "park-north", at(23, 50));
        long nextDay = at(23, 59) + 2 * MIN; // 00:01 on Tuesday
        seen(PHONE, "park-north", nextDay);
        harness.processWatermark(nextDay + 60 * MIN);
        assertThat(sessions()).containsExactly(new TokenSession("park-north", at(23, 50), at(23, 50)),
                new TokenSession("park-north", nextDay, nextDay));
        assertNothingLeftBehind();
    }

    @Test
    void theEndOfAReplayClosesEverything() throws Exception {
        seenEvery(PHONE, "park-north", at(9, 0), at(9, 30), 5);
        seenEvery(PHONE, "lib", at(9, 35), at(9, 40), 5);
        harness.processWatermark(Long.MAX_VALUE);
        assertThat(sessions()).hasSize(2);
        assertThat(transitions()).hasSize(1);
        assertNothingLeftBehind();
    }
}
