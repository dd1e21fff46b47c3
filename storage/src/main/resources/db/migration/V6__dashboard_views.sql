-- Views the dashboards need beside the result tables.

-- Arrivals at each site per local day, by where people came from: 'outside' (the street) or the
-- site of the zone they left. For the Helsingborg example this answers "what share of the
-- library's visitors came from the park" (and the other way round). A gate counts as an arrival
-- at a site when it leads from outside that site into one of its zones: its entries when its
-- to-zone is in the site, its exits when its from-zone is. Counts all hours, not only opening
-- hours as visitors_daily does, so a share is taken within this view alone. Built on the
-- gate_counts_daily rollup: a continuous aggregate on TimescaleDB, a view on PostgreSQL.
CREATE VIEW site_arrivals_daily AS
WITH gate_sites AS (
    SELECT g.gate_id,
           coalesce(fz.site_id, 'outside') AS from_site,
           coalesce(tz.site_id, 'outside') AS to_site
    FROM gates g
    LEFT JOIN zones fz ON fz.zone_id = g.from_zone
    LEFT JOIN zones tz ON tz.zone_id = g.to_zone
), arrivals AS (
    SELECT gs.to_site AS site_id, c.day, gs.from_site, c.entries AS people
    FROM gate_counts_daily c JOIN gate_sites gs USING (gate_id)
    WHERE gs.to_site <> 'outside' AND gs.from_site <> gs.to_site
    UNION ALL
    SELECT gs.from_site, c.day, gs.to_site, c.exits
    FROM gate_counts_daily c JOIN gate_sites gs USING (gate_id)
    WHERE gs.from_site <> 'outside' AND gs.from_site <> gs.to_site
)
SELECT site_id, day, from_site, sum(people) AS arrivals
FROM arrivals
GROUP BY site_id, day, from_site;
