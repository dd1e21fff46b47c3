package se.helsingborg.footfall.jobs.alerts;

/**
 * What {@link AlertFunction} keeps for one level of one zone while the zone is at or above it: since
 * when ({@code startedAt}, the start of the first minute it reached the level), the most people seen
 * since, and whether it has lasted the minimum duration and so become an alert ({@code open}).
 */
public record LevelWatch(long startedAt, int peak, boolean open) {
    LevelWatch withPeak(int people) {
        return new LevelWatch(startedAt, Math.max(peak, people), open);
    }

    LevelWatch opened() {
        return new LevelWatch(startedAt, peak, true);
    }
}
