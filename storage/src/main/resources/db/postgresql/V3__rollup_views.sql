-- On plain PostgreSQL: the rollups are views of the same names and columns as TimescaleDB's
-- continuous aggregates (db/timescaledb/V3), computed when queried. The per-minute tables keep
-- their (minute) indexes, which these views use.
CREATE VIEW occupancy_hourly AS
SELECT zone_id,
       date_trunc('hour', minute) AS hour,
       max(max_occupancy) AS max_occupancy,
       sum(occupancy)     AS person_minutes,
       sum(entries)       AS entries,
       sum(exits)         AS exits
FROM occupancy
GROUP BY zone_id, date_trunc('hour', minute);

CREATE VIEW occupancy_daily AS
SELECT zone_id,
       date_trunc('day', minute, '${timezone}') AS day,
       max(max_occupancy) AS max_occupancy,
       sum(occupancy)     AS person_minutes,
       sum(entries)       AS entries,
       sum(exits)         AS exits
FROM occupancy
GROUP BY zone_id, date_trunc('day', minute, '${timezone}');

CREATE VIEW gate_counts_hourly AS
SELECT gate_id,
       date_trunc('hour', minute) AS hour,
       sum(entries) AS entries,
       sum(exits)   AS exits
FROM gate_counts
GROUP BY gate_id, date_trunc('hour', minute);

CREATE VIEW gate_counts_daily AS
SELECT gate_id,
       date_trunc('day', minute, '${timezone}') AS day,
       sum(entries) AS entries,
       sum(exits)   AS exits
FROM gate_counts
GROUP BY gate_id, date_trunc('day', minute, '${timezone}');
