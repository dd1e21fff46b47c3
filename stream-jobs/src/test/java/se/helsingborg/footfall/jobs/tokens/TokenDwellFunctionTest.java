package se.helsingborg.footfall.jobs.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.results.DwellDay;
import se.helsingborg.footfall.storage.results.DwellHour;
import se.helsingborg.footfall.storage.results.ZoneTransitionDay;

/** The second stages: sessions into token dwell per zone-day, transitions into the day's origin–destination counts. */
class TokenDwellFunctionTest {
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");
    private static final Duration GAP = Duration.ofMinutes(15);
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final long MIN = 60_000;

    private static long at(LocalDate day, int hour, int minute) {
        return LocalDateTime.of(day, java.time.LocalTime.of(hour, minute)).atZone(TZ).toInstant().toEpochMilli();
    }

    private static long at(int hour, int minute) {
        return at(MONDAY, hour, minute);
    }

    @Test
    void aDaysSessionsGiveExactMeanMedianAndP90AndNothingIsLeftOnceTheDayIsSettled() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, TokenSession, DwellDay>(
                new KeyedProcessOperator<>(new TokenDwellFunction(TZ, GAP)), s -> TokenDwellFunction.key(s, TZ), Types.STRING)) {
            h.open();
            long[][] stays = {{10, 0, 30}, {10, 10, 60}, {11, 0, 10}, {14, 0, 120}, {14, 30, 20}}; // hour, minute, minutes
            for (long[] s : stays) {
                long first = at((int) s[0], (int) s[1]);
                TokenSession session = new TokenSession("lib", first, first + s[2] * MIN);
                h.processElement(session, session.last() + GAP.toMillis());
            }
            h.processElement(new TokenSession("park-north", at(9, 0), at(9, 5)), at(9, 20));
            h.processWatermark(at(MONDAY.plusDays(1), 0, 14));
            var last = new LinkedHashMap<List<Object>, DwellDay>();
            h.extractOutputValues().forEach(d -> last.put(List.of(d.zoneId(), d.day(), d.method()), d));
            assertThat(last.get(List.of("lib", MONDAY, "tokens")))
                    .isEqualTo(new DwellDay("lib", MONDAY, "tokens", 5, 48 * 60.0, 30 * 60.0, 120 * 60.0));
            assertThat(last.get(List.of("park-north", MONDAY, "tokens")).meanSeconds()).isEqualTo(300.0);
            assertThat(h.numKeyedStateEntries()).as("kept until midnight + the gap").isPositive();

            h.processWatermark(at(MONDAY.plusDays(1), 0, 15));
            var hourly = new LinkedHashMap<List<Object>, DwellHour>();
            h.getSideOutput(TokenDwellFunction.HOURLY).stream().map(StreamRecord::getValue)
                    .forEach(d -> hourly.put(List.of(d.zoneId(), d.entryHour()), d));
            assertThat(hourly.get(List.of("lib", 10))).isEqualTo(new DwellHour("lib", MONDAY, 10, "tokens", 2, 45 * 60.0, 30 * 60.0, 60 * 60.0));
            assertThat(hourly.get(List.of("lib", 14)).visits()).isEqualTo(2);

            h.processElement(new TokenSession("lib", at(20, 0), at(20, 10)), at(MONDAY.plusDays(1), 0, 16));
            assertThat(h.numKeyedStateEntries()).as("keyed state").isZero();
            assertThat(h.numEventTimeTimers()).as("timers").isZero();
        }
    }

    @Test
    void transitionsAreCountedPerFromToAndDayAndForgottenOnceTheDayIsSettled() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, ZoneTransition, ZoneTransitionDay>(
                new KeyedProcessOperator<>(new ZoneTransitionCountFunction(TZ, GAP)),
                t -> ZoneTransitionCountFunction.key(t, TZ), Types.STRING)) {
            h.open();
            h.processElement(new ZoneTransition("park-north", "lib", at(9, 50)), at(10, 20));
            h.processElement(new ZoneTransition("park-north", "lib", at(12, 0)), at(12, 40));
            h.processElement(new ZoneTransition("lib", "park-north", at(13, 0)), at(13, 40));
            h.processElement(new ZoneTransition("park-north", "lib", at(MONDAY.plusDays(1), 9, 0)), at(MONDAY.plusDays(1), 9, 30));
            h.processWatermark(at(MONDAY.plusDays(2), 1, 0));
            var last = new LinkedHashMap<List<Object>, Integer>();
            h.extractOutputValues().forEach(r -> last.put(List.of(r.fromZone(), r.toZone(), r.day()), r.transitions()));
            assertThat(last).containsEntry(List.of("park-north", "lib", MONDAY), 2)
                    .containsEntry(List.of("lib", "park-north", MONDAY), 1)
                    .containsEntry(List.of("park-north", "lib", MONDAY.plusDays(1)), 1).hasSize(3);
            h.processElement(new ZoneTransition("park-north", "lib", at(11, 0)), at(MONDAY.plusDays(2), 1, 0));
            assertThat(h.extractOutputValues()).as("too late for a settled day").hasSize(4);
            assertThat(h.numKeyedStateEntries()).as("keyed state").isZero();
            assertThat(h.numEventTimeTimers()).as("timers").isZero();
        }
    }
}
