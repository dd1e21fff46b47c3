-- How much of a count the pipeline estimated rather than counted: the crossings a device counted
-- between its last report heard and a reboot, which the reboot erased from every message, are
-- estimated from the line's rate (LostCrossings). They are part of entries and exits (and of
-- visitors) as before; these columns say how many, so a planner can tell a count from a guess.
-- Rows written before this migration get 0, also where an estimate is in them unmarked (replaying
-- their recording marks it). Adding a column with a default works on TimescaleDB's compressed
-- chunks too, so one migration serves both engines; the rollups (gate_counts_hourly,
-- gate_counts_daily) keep their columns.
ALTER TABLE gate_counts
    ADD COLUMN estimated_entries integer NOT NULL DEFAULT 0 CHECK (estimated_entries >= 0),
    ADD COLUMN estimated_exits   integer NOT NULL DEFAULT 0 CHECK (estimated_exits >= 0);

ALTER TABLE visitors_daily
    ADD COLUMN estimated_visitors bigint NOT NULL DEFAULT 0 CHECK (estimated_visitors >= 0);
