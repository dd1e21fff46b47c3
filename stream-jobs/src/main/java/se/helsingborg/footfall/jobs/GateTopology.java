package se.helsingborg.footfall.jobs;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/**
 * What a gate crossing means for zones and sites. Passing a gate from zone A to zone B leaves
 * every zone that contains A but not B and enters every zone that contains B but not A: walking
 * from the library into its Digidel room enters the room and leaves nothing, since the room is in
 * the library. A crossing into a zone of another site is an entry to that site (a visitor) when the
 * entered zone is open. A withdrawal ({@link LineCrossings#withdrawn()}) gives the same flows and
 * entries with their counts negated. A site entry carries the part of it that was estimated
 * ({@link LineCrossings#estimatedIn()}).
 */
public final class GateTopology implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SiteModel site;

    public GateTopology(SiteModel site) {
        this.site = site;
    }

    public List<ZoneFlow> zoneFlows(LineCrossings c, long periodEnd) {
        Gate gate = site.gate(c.gateId());
        List<Zone> fromSide = site.ancestorsOrSelf(gate.from());
        List<Zone> toSide = site.ancestorsOrSelf(gate.to());
        List<ZoneFlow> flows = new ArrayList<>();
        for (Zone z : toSide) {
            if (!fromSide.contains(z)) {
                flows.add(new ZoneFlow(z.id(), periodEnd, c.signedIn(), c.signedOut(), c.periodSeconds() * 1000L));
            }
        }
        for (Zone z : fromSide) {
            if (!toSide.contains(z)) {
                flows.add(new ZoneFlow(z.id(), periodEnd, c.signedOut(), c.signedIn(), c.periodSeconds() * 1000L));
            }
        }
        return flows;
    }

    public List<SiteEntry> siteEntries(LineCrossings c, long periodEnd) {
        Gate gate = site.gate(c.gateId());
        List<SiteEntry> entries = new ArrayList<>(2);
        // The period's counts lie in [end − period, end): judge opening hours by its last instant.
        LocalDateTime when = LocalDateTime.ofInstant(Instant.ofEpochMilli(periodEnd - 1), site.timezone());
        addEntry(entries, gate.from(), gate.to(), c.signedIn(), c.estimatedIn(), periodEnd, when);
        addEntry(entries, gate.to(), gate.from(), c.signedOut(), c.estimatedOut(), periodEnd, when);
        return entries;
    }

    private void addEntry(List<SiteEntry> out, String from, String to, long count, long estimated, long periodEnd,
            LocalDateTime when) {
        if (count == 0 || to.equals(Gate.OUTSIDE)) {
            return;
        }
        Zone entered = site.zone(to);
        String fromSite = site.siteOf(from);
        if (!entered.site().equals(fromSite) && entered.hours().isOpen(when)) {
            out.add(new SiteEntry(entered.site(), periodEnd, count, estimated));
        }
    }
}
