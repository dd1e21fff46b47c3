package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code occupancy_corrections}: what a zone's count needed on a local day, the running
 * totals so far that day (a replay writes the same totals again, never adds to them). Each
 * correction measures counter drift (DESIGN §5).
 *
 * @param clamps minutes in which the gates said more people left than were inside, so the count stopped at zero
 * @param resetResidual people the count still had inside when the zone was reset while closed; null without a reset
 * @param anchors manual recounts applied
 * @param anchorAdjustment the recounts minus what the count said just before them, summed: positive when the count had too few
 */
public record OccupancyCorrection(String zoneId, @TypeInfo(LocalDateInfo.class) LocalDate day, int clamps, Integer resetResidual,
        int anchors, int anchorAdjustment) {

    public static OccupancyCorrection none(String zoneId, LocalDate day) {
        return new OccupancyCorrection(zoneId, day, 0, null, 0, 0);
    }

    public OccupancyCorrection clamped() {
        return new OccupancyCorrection(zoneId, day, clamps + 1, resetResidual, anchors, anchorAdjustment);
    }

    public OccupancyCorrection reset(int residual) {
        return new OccupancyCorrection(zoneId, day, clamps, (resetResidual == null ? 0 : resetResidual) + residual, anchors,
                anchorAdjustment);
    }

    public OccupancyCorrection anchored(int difference) {
        return new OccupancyCorrection(zoneId, day, clamps, resetResidual, anchors + 1, anchorAdjustment + difference);
    }
}
