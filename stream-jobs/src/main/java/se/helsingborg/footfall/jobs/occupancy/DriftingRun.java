package se.helsingborg.footfall.jobs.occupancy;

/**
 * The minutes (epoch millis, first and last) a zone has had people counted inside since its count
 * last stood at zero or was set anew, and whether their rows are kept for balancing (not once the
 * run is longer than {@link OccupancyFunction#MAX_DRIFTING}).
 */
public record DriftingRun(long first, long last, boolean kept) {}
