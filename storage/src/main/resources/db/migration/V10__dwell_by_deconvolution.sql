-- Dwell by a fourth method, 'deconvolution': each minute's exits shared among the earlier entries
-- by the day's distribution of stays that best explains the entry and exit curves
-- (DwellDeconvolution). FIFO's median and 90th percentile stay as they were; planners can set the
-- two side by side. The method column's check (named by PostgreSQL after table and column) is
-- replaced by one that allows it; existing rows all pass it.
ALTER TABLE dwell_daily DROP CONSTRAINT dwell_daily_method_check,
    ADD CONSTRAINT dwell_daily_method_check CHECK (method IN ('littles-law', 'fifo', 'deconvolution', 'tokens'));

ALTER TABLE dwell_hourly DROP CONSTRAINT dwell_hourly_method_check,
    ADD CONSTRAINT dwell_hourly_method_check CHECK (method IN ('littles-law', 'fifo', 'deconvolution', 'tokens'));
