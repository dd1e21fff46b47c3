-- On TimescaleDB: the time series become hypertables (chunked by time, compressible) and the
-- rollups continuous aggregates. db/postgresql/V3 gives plain PostgreSQL views of the same names
-- and columns, so every query works on both engines.
CREATE EXTENSION IF NOT EXISTS timescaledb;

SELECT create_hypertable('readings', by_range('event_time', INTERVAL '1 day'), migrate_data => true);
SELECT create_hypertable('occupancy', by_range('minute', INTERVAL '7 days'), migrate_data => true);
SELECT create_hypertable('gate_counts', by_range('minute', INTERVAL '7 days'), migrate_data => true);
SELECT create_hypertable('device_health', by_range('minute', INTERVAL '7 days'), migrate_data => true);
SELECT create_hypertable('rejected_messages', by_range('received_at', INTERVAL '7 days'), migrate_data => true);

-- Rollups per hour (UTC hours) and per local day of the sites' time zone. They show data not yet
-- materialised too (materialized_only = false), so they are never behind the minute tables.
-- person_minutes / 60 is the hour's mean occupancy: minutes a zone stood empty have no row.
CREATE MATERIALIZED VIEW occupancy_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT zone_id,
       time_bucket(INTERVAL '1 hour', minute) AS hour,
       max(max_occupancy) AS max_occupancy,
       sum(occupancy)     AS person_minutes,
       sum(entries)       AS entries,
       sum(exits)         AS exits
FROM occupancy
GROUP BY zone_id, time_bucket(INTERVAL '1 hour', minute)
WITH NO DATA;

CREATE MATERIALIZED VIEW occupancy_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT zone_id,
       time_bucket(INTERVAL '1 day', minute, '${timezone}') AS day,
       max(max_occupancy) AS max_occupancy,
       sum(occupancy)     AS person_minutes,
       sum(entries)       AS entries,
       sum(exits)         AS exits
FROM occupancy
GROUP BY zone_id, time_bucket(INTERVAL '1 day', minute, '${timezone}')
WITH NO DATA;

CREATE MATERIALIZED VIEW gate_counts_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT gate_id,
       time_bucket(INTERVAL '1 hour', minute) AS hour,
       sum(entries) AS entries,
       sum(exits)   AS exits
FROM gate_counts
GROUP BY gate_id, time_bucket(INTERVAL '1 hour', minute)
WITH NO DATA;

CREATE MATERIALIZED VIEW gate_counts_daily
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT gate_id,
       time_bucket(INTERVAL '1 day', minute, '${timezone}') AS day,
       sum(entries) AS entries,
       sum(exits)   AS exits
FROM gate_counts
GROUP BY gate_id, time_bucket(INTERVAL '1 day', minute, '${timezone}')
WITH NO DATA;

-- Compression settings. The ages at which chunks are compressed and raw readings dropped, and the
-- rollups' refresh windows, are policies set by TimescalePolicies, so they can be changed.
ALTER TABLE readings SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',
    timescaledb.compress_orderby = 'event_time DESC');
ALTER TABLE occupancy SET (timescaledb.compress, timescaledb.compress_segmentby = 'zone_id',
    timescaledb.compress_orderby = 'minute DESC');
ALTER TABLE gate_counts SET (timescaledb.compress, timescaledb.compress_segmentby = 'gate_id',
    timescaledb.compress_orderby = 'minute DESC');
ALTER TABLE device_health SET (timescaledb.compress, timescaledb.compress_segmentby = 'device_id',
    timescaledb.compress_orderby = 'minute DESC');
