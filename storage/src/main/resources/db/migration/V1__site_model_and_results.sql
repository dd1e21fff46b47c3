-- The site model, written from the site file at job start so SQL and dashboards can join on
-- names and capacities.
CREATE TABLE sites (
    site_id     text PRIMARY KEY,
    name        text NOT NULL,
    timezone    text NOT NULL
);

CREATE TABLE zones (
    zone_id     text PRIMARY KEY,
    site_id     text NOT NULL REFERENCES sites (site_id),
    parent_id   text REFERENCES zones (zone_id) DEFERRABLE INITIALLY DEFERRED,
    name        text NOT NULL,
    capacity    integer NOT NULL CHECK (capacity >= 0)
);

CREATE TABLE gates (
    gate_id     text PRIMARY KEY,
    from_zone   text NOT NULL,  -- 'outside' or a zone id
    to_zone     text NOT NULL
);

-- Occupancy of a zone at the end of each minute, with the minute's entries and exits
-- (DESIGN §5). Keyed by zone and minute: a replay overwrites, never doubles.
CREATE TABLE occupancy (
    zone_id     text        NOT NULL,
    minute      timestamptz NOT NULL,
    occupancy   integer     NOT NULL CHECK (occupancy >= 0),
    entries     integer     NOT NULL CHECK (entries >= 0),
    exits       integer     NOT NULL CHECK (exits >= 0),
    PRIMARY KEY (zone_id, minute)
);
CREATE INDEX occupancy_minute_idx ON occupancy (minute);

-- Visitors of a site on a local day: entries through its external gates during opening hours.
CREATE TABLE visitors_daily (
    site_id     text    NOT NULL,
    day         date    NOT NULL,
    visitors    bigint  NOT NULL CHECK (visitors >= 0),
    PRIMARY KEY (site_id, day)
);

-- Messages the pipeline could not use, with the reason and the payload as received.
CREATE TABLE rejected_messages (
    received_at  timestamptz NOT NULL,
    topic        text        NOT NULL,
    reason       text        NOT NULL,
    payload      text        NOT NULL,  -- UTF-8 text as received, or 'base64:' and the bytes
    payload_md5  text        NOT NULL,
    PRIMARY KEY (received_at, topic, payload_md5)
);
