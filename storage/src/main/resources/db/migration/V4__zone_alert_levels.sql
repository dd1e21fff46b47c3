-- Each zone's busy and full levels in people (the site file's alerts shares × capacity), so the
-- dashboards colour occupancy by the same levels the capacity alerts use.
ALTER TABLE zones
    ADD COLUMN busy_at integer CHECK (busy_at >= 0),
    ADD COLUMN full_at integer CHECK (full_at >= busy_at);
