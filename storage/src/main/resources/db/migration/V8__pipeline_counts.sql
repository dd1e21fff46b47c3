-- What the pipeline did with its input, per minute of reception (DESIGN §6; the Pipeline health
-- dashboard): messages in, the readings decoded from them, readings dropped as duplicates or as too
-- late, and messages rejected by the decoder. Reception, not event time: every message has one,
-- also the unreadable ones, and it is when an operator saw the traffic. A reception is the network
-- server's received_at where the envelope has one, so a replay of a recording writes the same rows,
-- and the job upserts each minute's running totals.
CREATE TABLE pipeline_minutes (
    minute     timestamptz PRIMARY KEY,
    messages   integer NOT NULL DEFAULT 0 CHECK (messages >= 0),
    readings   integer NOT NULL DEFAULT 0 CHECK (readings >= 0),
    duplicates integer NOT NULL DEFAULT 0 CHECK (duplicates >= 0),
    too_late   integer NOT NULL DEFAULT 0 CHECK (too_late >= 0),
    rejected   integer NOT NULL DEFAULT 0 CHECK (rejected >= 0)
);
