-- The rest of the site model, the raw readings and a table for every result of DESIGN §4. Every
-- result table is keyed by its result's natural key, so a replay or a redelivery upserts.

-- Where zones are (for maps) and the visitor goal of each site.
ALTER TABLE zones
    ADD COLUMN lat double precision CHECK (lat BETWEEN -90 AND 90),
    ADD COLUMN lon double precision CHECK (lon BETWEEN -180 AND 180);

ALTER TABLE sites
    ADD COLUMN goal_baseline_year     integer,
    ADD COLUMN goal_baseline_visitors bigint CHECK (goal_baseline_visitors >= 0),
    ADD COLUMN goal_multiplier        double precision CHECK (goal_multiplier > 0),
    ADD COLUMN goal_target_year       integer;

CREATE TABLE devices (
    device_id            text PRIMARY KEY,  -- DevEUI in lower-case hex, or an IP counter's name
    model                text NOT NULL,
    envelope             text,
    zone_id              text,              -- the zone an area or motion sensor watches
    reporting_interval_s integer NOT NULL CHECK (reporting_interval_s > 0)
);

-- Which counting line of a device watches which gate ("in" = the gate's from → to direction).
CREATE TABLE device_lines (
    device_id text     NOT NULL REFERENCES devices (device_id) ON DELETE CASCADE,
    line      smallint NOT NULL CHECK (line > 0),
    gate_id   text     NOT NULL,
    PRIMARY KEY (device_id, line)
);

-- Every canonical reading as decoded, kept for a limited time (a retention policy on TimescaleDB).
-- One row per reading: `part` tells the readings of one message apart (line-1-period, area, …),
-- as the pipeline's duplicate filter does.
CREATE TABLE readings (
    device_id       text        NOT NULL,
    event_time      timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    f_cnt           bigint      NOT NULL,
    part            text        NOT NULL,
    kind            text        NOT NULL CHECK (kind IN ('line', 'area', 'environment', 'motion', 'status')),
    gate_id         text,
    line            smallint,
    count_in        bigint CHECK (count_in >= 0),
    count_out       bigint CHECK (count_out >= 0),
    cumulative      boolean,
    period_s        integer CHECK (period_s > 0),
    zone_id         text,
    people          integer CHECK (people >= 0),
    occupied        boolean,
    motion_count    integer CHECK (motion_count >= 0),
    co2_ppm         real,
    temperature_c   real,
    humidity_pct    real,
    illuminance_lux real,
    pressure_hpa    real,
    battery_pct     smallint CHECK (battery_pct BETWEEN 0 AND 100),
    battery_mv      integer,
    rssi_dbm        real,
    snr_db          real,
    PRIMARY KEY (device_id, event_time, f_cnt, part)
);

-- The largest occupancy within each minute, beside the occupancy at its end.
ALTER TABLE occupancy ADD COLUMN max_occupancy integer CHECK (max_occupancy >= 0);
UPDATE occupancy SET max_occupancy = occupancy;
ALTER TABLE occupancy ALTER COLUMN max_occupancy SET NOT NULL;

-- People crossing each gate per minute, in its from → to direction (entries) and back (exits).
CREATE TABLE gate_counts (
    gate_id text        NOT NULL,
    minute  timestamptz NOT NULL,
    entries integer     NOT NULL CHECK (entries >= 0),
    exits   integer     NOT NULL CHECK (exits >= 0),
    PRIMARY KEY (gate_id, minute)
);
CREATE INDEX gate_counts_minute_idx ON gate_counts (minute);

-- Corrections the occupancy count needed on a local day: how often it was clamped at zero, and
-- how many people it still counted inside when the zone was reset while closed (the drift).
CREATE TABLE occupancy_corrections (
    zone_id        text    NOT NULL,
    day            date    NOT NULL,
    clamps         integer NOT NULL DEFAULT 0 CHECK (clamps >= 0),
    reset_residual integer,
    PRIMARY KEY (zone_id, day)
);

-- Dwell per zone and local day, and per hour of entry; one row per method that produced it:
-- 'littles-law' (mean only), 'fifo' (matching the cumulative entry and exit curves), 'tokens'.
CREATE TABLE dwell_daily (
    zone_id  text             NOT NULL,
    day      date             NOT NULL,
    method   text             NOT NULL CHECK (method IN ('littles-law', 'fifo', 'tokens')),
    visits   integer          NOT NULL CHECK (visits >= 0),
    mean_s   double precision CHECK (mean_s >= 0),
    median_s double precision CHECK (median_s >= 0),
    p90_s    double precision CHECK (p90_s >= 0),
    PRIMARY KEY (zone_id, day, method)
);

CREATE TABLE dwell_hourly (
    zone_id    text             NOT NULL,
    day        date             NOT NULL,
    entry_hour smallint         NOT NULL CHECK (entry_hour BETWEEN 0 AND 23),
    method     text             NOT NULL CHECK (method IN ('littles-law', 'fifo', 'tokens')),
    visits     integer          NOT NULL CHECK (visits >= 0),
    mean_s     double precision CHECK (mean_s >= 0),
    median_s   double precision CHECK (median_s >= 0),
    p90_s      double precision CHECK (p90_s >= 0),
    PRIMARY KEY (zone_id, day, entry_hour, method)
);

-- Flows between two named zones per minute, from the gate counts: every gate gives one row per
-- direction. (Token transitions, which need no shared gate, are in zone_transitions.)
CREATE VIEW flows AS
SELECT g.from_zone, g.to_zone, c.gate_id, c.minute, c.entries AS people
FROM gate_counts c JOIN gates g USING (gate_id)
UNION ALL
SELECT g.to_zone, g.from_zone, c.gate_id, c.minute, c.exits
FROM gate_counts c JOIN gates g USING (gate_id);

-- Zone-to-zone transitions of presence tokens within the time limit, per local day.
CREATE TABLE zone_transitions (
    from_zone   text    NOT NULL,
    to_zone     text    NOT NULL,
    day         date    NOT NULL,
    transitions integer NOT NULL CHECK (transitions >= 0),
    PRIMARY KEY (from_zone, to_zone, day)
);

-- Historical daily visitors loaded as the goal's baseline (./footfall import-visits).
CREATE TABLE baseline_visitors (
    site_id  text   NOT NULL,
    day      date   NOT NULL,
    visitors bigint NOT NULL CHECK (visitors >= 0),
    PRIMARY KEY (site_id, day)
);

-- Progress toward each site's visitor goal at the end of each local day with visitors (DESIGN §5).
-- Derived, never stored: a replay or a late correction of visitors_daily, or a baseline loaded
-- later, shows at once. The target is the baseline year's visitors of the same part of the year
-- times the multiplier:
--   'daily'    when the baseline year's daily visitors are loaded (baseline_visitors; load the
--              whole year, its sum replaces the site file's annual figure): the days of the
--              baseline year up to the same day of the year; the projection follows the baseline
--              year's seasons (year-to-date × baseline year / baseline year-to-date);
--   'pro-rata' otherwise: the annual baseline × the share of the year gone; the projection is
--              linear (year-to-date × days in the year / days gone).
-- needed_per_day is what the rest of the year must average to reach the year's target.
CREATE VIEW goal_progress AS
WITH days AS (
    SELECT v.site_id, v.day, v.visitors,
           sum(v.visitors) OVER (PARTITION BY v.site_id, extract(year FROM v.day) ORDER BY v.day) AS ytd_visitors,
           (v.day - make_date(extract(year FROM v.day)::int, 1, 1)) + 1 AS days_gone,
           make_date(extract(year FROM v.day)::int + 1, 1, 1) - make_date(extract(year FROM v.day)::int, 1, 1) AS days_in_year
    FROM visitors_daily v
), baseline AS (
    SELECT s.site_id, s.goal_baseline_year, s.goal_multiplier,
           coalesce(y.visitors, s.goal_baseline_visitors) AS annual,
           y.visitors IS NOT NULL AS daily
    FROM sites s
    LEFT JOIN LATERAL (SELECT sum(b.visitors) AS visitors FROM baseline_visitors b
                       WHERE b.site_id = s.site_id AND extract(year FROM b.day) = s.goal_baseline_year) y ON true
    WHERE s.goal_multiplier IS NOT NULL AND s.goal_baseline_year IS NOT NULL
), measured AS (
    SELECT d.*, b.goal_multiplier, b.annual, b.daily,
           CASE WHEN b.daily THEN
                    (SELECT coalesce(sum(bv.visitors), 0) FROM baseline_visitors bv
                     WHERE bv.site_id = d.site_id AND extract(year FROM bv.day) = b.goal_baseline_year
                       AND (bv.day - make_date(b.goal_baseline_year, 1, 1)) + 1 <= d.days_gone)::double precision
                ELSE b.annual::double precision * d.days_gone / d.days_in_year
           END AS baseline_ytd
    FROM days d JOIN baseline b USING (site_id)
    WHERE b.annual IS NOT NULL
)
SELECT site_id, day, visitors, ytd_visitors, baseline_ytd,
       baseline_ytd * goal_multiplier AS target_ytd,
       ytd_visitors / nullif(baseline_ytd * goal_multiplier, 0) AS share_of_target,
       CASE WHEN daily THEN ytd_visitors * annual / nullif(baseline_ytd, 0)
            ELSE ytd_visitors::double precision * days_in_year / days_gone
       END AS projected_year_end,
       annual * goal_multiplier AS target_year,
       greatest(annual * goal_multiplier - ytd_visitors, 0)::double precision
           / nullif(days_in_year - days_gone, 0) AS needed_per_day,
       CASE WHEN daily THEN 'daily' ELSE 'pro-rata' END AS baseline_method
FROM measured;

-- How each device was doing, per minute in which something about it was known.
CREATE TABLE device_health (
    device_id         text        NOT NULL,
    minute            timestamptz NOT NULL,
    last_seen         timestamptz,
    online            boolean     NOT NULL,
    battery_pct       smallint CHECK (battery_pct BETWEEN 0 AND 100),
    battery_mv        integer,
    rssi_dbm          real,
    snr_db            real,
    counter_resets    integer     NOT NULL DEFAULT 0 CHECK (counter_resets >= 0),
    rejected_messages integer     NOT NULL DEFAULT 0 CHECK (rejected_messages >= 0),
    PRIMARY KEY (device_id, minute)
);

-- Capacity alerts: one row per episode above a zone's busy or full threshold.
CREATE TABLE alerts (
    zone_id        text        NOT NULL,
    level          text        NOT NULL CHECK (level IN ('busy', 'full')),
    started_at     timestamptz NOT NULL,
    ended_at       timestamptz CHECK (ended_at >= started_at),
    threshold      integer     NOT NULL CHECK (threshold >= 0),
    peak_occupancy integer     NOT NULL CHECK (peak_occupancy >= 0),
    PRIMARY KEY (zone_id, level, started_at)
);
