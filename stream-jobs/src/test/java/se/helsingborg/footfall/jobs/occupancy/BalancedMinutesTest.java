package se.helsingborg.footfall.jobs.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.storage.results.OccupancyMinute;

class BalancedMinutesTest {
    private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

    private static OccupancyMinute row(int minute, int occupancy, int max, int in, int out) {
        return new OccupancyMinute("z", T0.plusSeconds(60L * minute), occupancy, max, in, out);
    }

    @Test
    void theDriftIsTakenOutInStepWithTheExitsSeenAndNeverBelowZero() {
        List<OccupancyMinute> run = List.of(row(0, 6, 6, 6, 0), row(1, 5, 6, 0, 1), row(2, 5, 5, 0, 0), row(3, 2, 5, 0, 3));
        // 4 exits seen, 2 missed: 0.5 by the first (rounded up to one), 2 by the last.
        assertThat(BalancedMinutes.of(run, 2)).containsExactly(row(1, 4, 6, 0, 1), row(2, 4, 4, 0, 0), row(3, 0, 4, 0, 3));
    }

    @Test
    void withoutExitsTheDriftFollowsTheEntriesAndWithoutEitherTheMinutes() {
        List<OccupancyMinute> entering = List.of(row(0, 2, 2, 2, 0), row(1, 4, 4, 2, 0));
        assertThat(BalancedMinutes.of(entering, 2)).containsExactly(row(0, 1, 2, 2, 0), row(1, 2, 2, 2, 0));
        List<OccupancyMinute> quiet = List.of(row(0, 3, 3, 0, 0), row(1, 3, 3, 0, 0));
        assertThat(BalancedMinutes.of(quiet, 3)).containsExactly(row(0, 1, 3, 0, 0), row(1, 0, 1, 0, 0));
    }

    @Test
    void noDriftOrACountThatRanLowChangesNothing() {
        List<OccupancyMinute> run = List.of(row(0, 6, 6, 6, 0), row(1, 5, 6, 0, 1));
        assertThat(BalancedMinutes.of(run, 0)).isEmpty();
        assertThat(BalancedMinutes.of(run, -3)).isEmpty();
        assertThat(BalancedMinutes.of(List.of(), 2)).isEmpty();
    }
}
