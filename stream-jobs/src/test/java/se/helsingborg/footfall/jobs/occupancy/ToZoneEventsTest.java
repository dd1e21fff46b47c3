package se.helsingborg.footfall.jobs.occupancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.reading.Anchor;
import se.helsingborg.footfall.ingest.reading.AreaCount;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.GateTopology;
import se.helsingborg.footfall.jobs.ToZoneFlows;
import se.helsingborg.footfall.jobs.ZoneFlow;

/** What the occupancy operator hears from readings: gate flows, area counts, recounts. */
class ToZoneEventsTest {
    private static final SiteModel SITE = SiteModel.parse("""
            timezone: Europe/Stockholm
            sites: [{id: lib}]
            zones: [{id: hall, site: lib}, {id: room, site: lib, parent: hall}]
            gates: [{id: front, from: outside, to: hall}, {id: room-door, from: hall, to: room}]
            devices:
              - {id: door-1, model: footfall-json, gate: front}
              - {id: cam-3, model: footfall-json, zone: room, reporting_interval_s: 120}
            """);
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static List<ZoneEvent> events(Reading r) throws Exception {
        List<ZoneEvent> out = new ArrayList<>();
        new ToZoneEvents(new ToZoneFlows(new GateTopology(SITE)), new ToZoneCounts(SITE)).flatMap(r, new Collector<>() {
            @Override
            public void collect(ZoneEvent e) {
                out.add(e);
            }

            @Override
            public void close() {}
        });
        return out;
    }

    @Test
    void anAreaCountIsStaleAfterThreeOfItsCountersReportingIntervals() throws Exception {
        assertThat(events(Reading.of("cam-3", T, T, 1, new AreaCount("room", 7))))
                .containsExactly(ZoneEvent.of(new ZoneCount("room", T.toEpochMilli(), 7, false, 360_000)));
    }

    @Test
    void aRecountIsACountThatIsNoAreaCounters() throws Exception {
        assertThat(events(Reading.of("anchor:lib", T, T, 1, new Anchor("hall", 212))))
                .containsExactly(ZoneEvent.of(new ZoneCount("hall", T.toEpochMilli(), 212, true, 0)));
    }

    @Test
    void gateFlowsStillComeThrough() throws Exception {
        assertThat(events(Reading.of("door-1", T, T, 1, LineCrossings.period("front", 1, 3, 1, 60))))
                .containsExactly(ZoneEvent.of(new ZoneFlow("hall", T.toEpochMilli(), 3, 1, 60_000)));
    }
}
