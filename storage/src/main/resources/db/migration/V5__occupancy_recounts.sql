-- Manual recounts ("there are 212 people in the library now", ./footfall anchor) re-base a
-- zone's occupancy. The day's corrections count them, with the difference they made: the recounts
-- minus what the count said just before them, summed (positive when the count had too few).
ALTER TABLE occupancy_corrections
    ADD COLUMN anchors           integer NOT NULL DEFAULT 0 CHECK (anchors >= 0),
    ADD COLUMN anchor_adjustment integer NOT NULL DEFAULT 0;

-- Recounts recorded with `./footfall anchor --db`: a replay of history (./footfall replay)
-- applies them at their times, as if they had arrived over MQTT then.
CREATE TABLE anchors (
    zone_id     text        NOT NULL,
    time        timestamptz NOT NULL,
    count       integer     NOT NULL CHECK (count >= 0),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (zone_id, time)
);
