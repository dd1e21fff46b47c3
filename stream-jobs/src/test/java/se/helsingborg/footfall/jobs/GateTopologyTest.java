package se.helsingborg.footfall.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.site.SiteModel;

class GateTopologyTest {
    private final SiteModel site = SiteModel.example();
    private final GateTopology topology = new GateTopology(site);
    private final long mondayNoon = LocalDateTime.of(2026, 11, 23, 12, 1).atZone(site.timezone()).toInstant().toEpochMilli();
    private final long mondayNight = LocalDateTime.of(2026, 11, 23, 22, 1).atZone(site.timezone()).toInstant().toEpochMilli();

    @Test
    void theParkDoorEntersTheLibraryAndLeavesThePark() {
        var flows = topology.zoneFlows(LineCrossings.period("park-door", 2, 5, 2, 60), mondayNoon);
        assertThat(flows).containsExactlyInAnyOrder(
                new ZoneFlow("lib", mondayNoon, 5, 2, 60_000),
                new ZoneFlow("park-north", mondayNoon, 2, 5, 60_000));
        assertThat(topology.siteEntries(LineCrossings.period("park-door", 2, 5, 2, 60), mondayNoon))
                .containsExactlyInAnyOrder(
                        new SiteEntry("stadsbiblioteket", mondayNoon, 5),
                        new SiteEntry("stadsparken", mondayNoon, 2));
    }

    @Test
    void aRoomDoorMovesPeopleWithinTheLibrary() {
        var c = LineCrossings.period("digidel-door", 1, 3, 1, 60);
        assertThat(topology.zoneFlows(c, mondayNoon)).containsExactly(new ZoneFlow("lib-digidel", mondayNoon, 3, 1, 60_000));
        assertThat(topology.siteEntries(c, mondayNoon)).as("not a visit to the site").isEmpty();
    }

    @Test
    void entriesWhileTheLibraryIsClosedAreNotVisitors() {
        var c = LineCrossings.period("main-entrance", 1, 4, 0, 60);
        assertThat(topology.siteEntries(c, mondayNight)).isEmpty();
        assertThat(topology.zoneFlows(c, mondayNight)).as("still counted for occupancy")
                .containsExactly(new ZoneFlow("lib", mondayNight, 4, 0, 60_000));
        assertThat(topology.siteEntries(LineCrossings.period("park-gate-west", 1, 4, 0, 60), mondayNight))
                .as("the park is always open").containsExactly(new SiteEntry("stadsparken", mondayNight, 4));
    }

    @Test
    void aWithdrawalTakesBackTheSameFlowsAndEntries() {
        var back = LineCrossings.withdrawal("park-door", 2, 5, 2, 60);
        assertThat(topology.zoneFlows(back, mondayNoon)).containsExactlyInAnyOrder(
                new ZoneFlow("lib", mondayNoon, -5, -2, 60_000),
                new ZoneFlow("park-north", mondayNoon, -2, -5, 60_000));
        assertThat(topology.siteEntries(back, mondayNoon)).containsExactlyInAnyOrder(
                new SiteEntry("stadsbiblioteket", mondayNoon, -5),
                new SiteEntry("stadsparken", mondayNoon, -2));
        var gate = new java.util.ArrayList<GateFlow>();
        new ToGateFlows().flatMap(se.helsingborg.footfall.ingest.reading.Reading.of("d", java.time.Instant.ofEpochMilli(mondayNoon),
                java.time.Instant.ofEpochMilli(mondayNoon), 1, back), new org.apache.flink.api.common.functions.util.ListCollector<>(gate));
        assertThat(gate).containsExactly(new GateFlow("park-door", mondayNoon, -5, -2));
    }
}
