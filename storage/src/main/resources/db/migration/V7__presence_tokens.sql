-- Presence sensors (DESIGN §4): each sighting of an anonymised token is a reading of kind
-- 'presence', with its zone in zone_id and the token (never the phone's raw identifier, which
-- ingest hashes away) in token. Token dwell goes to dwell_daily/dwell_hourly with method 'tokens'
-- and token transitions to zone_transitions, which V2 made ready.
ALTER TABLE readings ADD COLUMN token text;
ALTER TABLE readings DROP CONSTRAINT readings_kind_check;
ALTER TABLE readings ADD CONSTRAINT readings_kind_check
    CHECK (kind IN ('line', 'area', 'environment', 'motion', 'status', 'presence'));
