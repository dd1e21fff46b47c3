package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

class SimulationTest {
    private static final SiteModel SITE = SiteModel.example();
    /** A Monday: the library is open 08:00–20:00. */
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final Instant START = MONDAY.atTime(6, 0).atZone(SITE.timezone()).toInstant();

    private static List<SimulatedMessage> runDay(Simulation sim) {
        List<SimulatedMessage> all = new ArrayList<>();
        Instant end = MONDAY.atTime(22, 0).atZone(SITE.timezone()).toInstant();
        while (sim.clock().isBefore(end)) {
            all.addAll(sim.nextMinute());
        }
        return all;
    }

    @Test
    void theSameSeedGivesTheSameMessagesAndTheSameTruth() {
        Simulation a = new Simulation(SITE, 7, START);
        Simulation b = new Simulation(SITE, 7, START);
        List<SimulatedMessage> ma = runDay(a);
        List<SimulatedMessage> mb = runDay(b);
        assertThat(ma).hasSameSizeAs(mb);
        for (int i = 0; i < ma.size(); i++) {
            assertThat(mb.get(i).topic()).isEqualTo(ma.get(i).topic());
            assertThat(mb.get(i).payload()).isEqualTo(ma.get(i).payload());
        }
        assertThat(b.truth().visitors()).isEqualTo(a.truth().visitors());
        assertThat(b.truth().occupancy()).isEqualTo(a.truth().occupancy());
        assertThat(b.truth().gateCounts()).isEqualTo(a.truth().gateCounts());
        assertThat(b.truth().flows()).isEqualTo(a.truth().flows()).isNotEmpty();
        assertThat(b.truth().visits()).isEqualTo(a.truth().visits()).isNotEmpty();

        Simulation other = new Simulation(SITE, 8, START);
        runDay(other);
        assertThat(other.truth().visitors()).isNotEqualTo(a.truth().visitors());
    }

    @Test
    void theTruthAddsUpAndNobodyIsInsideAClosedLibrary() {
        Simulation sim = new Simulation(SITE, 1, START);
        runDay(sim);
        GroundTruth truth = sim.truth();
        truth.occupancy().forEach((zone, minutes) -> {
            int previous = 0;
            for (var e : minutes.entrySet()) {
                GroundTruth.ZoneMinute m = e.getValue();
                assertThat(m.occupancy()).as("%s at %s", zone, e.getKey())
                        .isEqualTo(previous + m.entries() - m.exits())
                        .isGreaterThanOrEqualTo(0);
                previous = m.occupancy();
                LocalDateTime local = LocalDateTime.ofInstant(e.getKey(), SITE.timezone());
                if (!SITE.zone(zone).hours().isOpen(local)) {
                    assertThat(m.occupancy()).as("%s is closed at %s", zone, local).isZero();
                }
            }
        });
        assertThat(truth.visitors("stadsbiblioteket", MONDAY)).as("a weekday's library visitors").isBetween(1000L, 5000L);
        assertThat(truth.visitors("stadsparken", MONDAY)).isGreaterThan(500L);
        int peak = truth.occupancy().get("lib").values().stream().mapToInt(GroundTruth.ZoneMinute::occupancy).max().orElse(0);
        assertThat(peak).isBetween(50, SITE.zone("lib").capacity());
    }

    @Test
    void theDevicesReportExactlyTheCrossingsTheVisitorsMade() throws Exception {
        Simulation sim = new Simulation(SITE, 3, START);
        List<SimulatedMessage> messages = runDay(sim);
        MessageDecoder decoder = new MessageDecoder(SITE);
        Map<String, long[]> periodSums = new HashMap<>();
        Map<String, long[]> lastTotals = new HashMap<>();
        Map<String, Long> lastFrame = new HashMap<>();
        for (SimulatedMessage m : messages) {
            DecodedMessage d = decoder.decode(new RawMessage(m.topic(), m.payload(), m.time()));
            assertThat(d.time()).isEqualTo(m.time());
            assertThat(d.fCnt()).isEqualTo(lastFrame.getOrDefault(d.device(), 0L) + 1);
            lastFrame.put(d.device(), d.fCnt());
            for (Reading r : d.readings()) {
                LineCrossings c = r.lineCrossings();
                long[] target = (c.cumulative() ? lastTotals : periodSums).computeIfAbsent(c.gateId(), g -> new long[2]);
                if (c.cumulative()) {
                    target[0] = c.in();
                    target[1] = c.out();
                } else {
                    target[0] += c.in();
                    target[1] += c.out();
                }
            }
        }
        // Each period count covers one reporting interval, so their sum is the running total.
        assertThat(periodSums.keySet()).containsExactlyInAnyOrderElementsOf(lastTotals.keySet());
        periodSums.forEach((gate, sum) -> assertThat(sum).as(gate).containsExactly(lastTotals.get(gate)));
        // And what crossed the library's doors is what the truth says entered and left it.
        GroundTruth truth = sim.truth();
        long libEntries = truth.occupancy().get("lib").values().stream().mapToLong(GroundTruth.ZoneMinute::entries).sum();
        long counted = periodSums.get("main-entrance")[0] + periodSums.get("park-door")[0];
        assertThat(counted).isEqualTo(libEntries).isPositive();
    }
}
