package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.Zone;

/** The truth of a day and a half (a night and the library's reset included) agrees with itself. */
class GroundTruthTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final LocalDate FRIDAY = LocalDate.of(2026, 11, 27);
    private static GroundTruth truth;

    @BeforeAll
    static void simulate() {
        Instant start = FRIDAY.atTime(7, 0).atZone(SITE.timezone()).toInstant();
        Instant end = FRIDAY.plusDays(1).atTime(17, 0).atZone(SITE.timezone()).toInstant();
        Simulation sim = new Simulation(SITE, 12, start);
        while (sim.clock().isBefore(end)) {
            sim.nextMinute();
        }
        truth = sim.truth();
    }

    @Test
    void occupancyIsTheRunningSumOfEntriesMinusExitsAndNeverNegative() {
        truth.occupancy().forEach((zone, minutes) -> {
            long entries = 0;
            long exits = 0;
            for (var e : minutes.entrySet()) {
                entries += e.getValue().entries();
                exits += e.getValue().exits();
                assertThat((long) e.getValue().occupancy()).as("%s at %s", zone, e.getKey()).isEqualTo(entries - exits);
                assertThat(e.getValue().occupancy()).isNotNegative();
            }
            assertThat(entries).as("entries into %s", zone).isPositive();
        });
    }

    @Test
    void nobodyIsInsideAClosedZoneNorAtItsReset() {
        int resetsSeen = 0;
        for (Zone zone : SITE.zones()) {
            for (var e : truth.occupancy().get(zone.id()).entrySet()) {
                LocalDateTime local = LocalDateTime.ofInstant(e.getKey(), SITE.timezone());
                boolean closed = !zone.hours().isOpen(local) || !SITE.ancestorsOrSelf(zone.id()).stream()
                        .allMatch(z -> z.hours().isOpen(local));
                if (closed) {
                    assertThat(e.getValue().occupancy()).as("%s is closed at %s", zone.id(), local).isZero();
                }
                if (zone.reset().isResetMinute(local, zone.hours()) && !zone.hours().isOpen(local)) {
                    resetsSeen++;
                    assertThat(e.getValue().occupancy()).as("%s at its reset %s", zone.id(), local).isZero();
                }
            }
        }
        assertThat(resetsSeen).as("the library's reset after closing lies in the run").isPositive();
    }

    @Test
    void zoneFlowsFollowFromTheGateCountsThroughTheTopology() {
        // Entries and exits of each zone per minute, worked out from the gates as the pipeline does.
        Map<String, Map<Instant, int[]>> fromGates = new HashMap<>();
        truth.gateCounts().forEach((gateId, minutes) -> {
            Gate gate = SITE.gate(gateId);
            List<Zone> fromSide = SITE.ancestorsOrSelf(gate.from());
            List<Zone> toSide = SITE.ancestorsOrSelf(gate.to());
            minutes.forEach((minute, g) -> {
                for (Zone z : toSide) {
                    if (!fromSide.contains(z)) {
                        int[] f = fromGates.computeIfAbsent(z.id(), k -> new HashMap<>()).computeIfAbsent(minute, k -> new int[2]);
                        f[0] += g.entries();
                        f[1] += g.exits();
                    }
                }
                for (Zone z : fromSide) {
                    if (!toSide.contains(z)) {
                        int[] f = fromGates.computeIfAbsent(z.id(), k -> new HashMap<>()).computeIfAbsent(minute, k -> new int[2]);
                        f[0] += g.exits();
                        f[1] += g.entries();
                    }
                }
            });
        });
        truth.occupancy().forEach((zone, minutes) -> minutes.forEach((minute, m) -> {
            int[] f = fromGates.getOrDefault(zone, Map.of()).getOrDefault(minute, new int[2]);
            assertThat(new int[] {m.entries(), m.exits()}).as("%s at %s", zone, minute).containsExactly(f);
        }));
        // The park door is the one gate between two named zones on both sides: its flows are its counts.
        truth.gateCounts().get("park-door").forEach((minute, g) -> {
            assertThat(truth.flows().getOrDefault(new GroundTruth.ZoneFlow("park-north", "lib"), new java.util.TreeMap<>())
                    .getOrDefault(minute, 0)).isEqualTo(g.entries());
            assertThat(truth.flows().getOrDefault(new GroundTruth.ZoneFlow("lib", "park-north"), new java.util.TreeMap<>())
                    .getOrDefault(minute, 0)).isEqualTo(g.exits());
        });
    }

    @Test
    void everyExitEndsAVisitWhoseDwellFitsItsMinutes() {
        Map<String, Long> visits = new HashMap<>();
        Map<String, Map<Instant, Integer>> endedIn = new HashMap<>();
        for (GroundTruth.Visit v : truth.visits()) {
            assertThat(v.left()).isAfter(v.entered());
            assertThat(v.dwellSeconds()).isPositive();
            visits.merge(v.zone(), 1L, Long::sum);
            endedIn.computeIfAbsent(v.zone(), k -> new HashMap<>()).merge(v.left().truncatedTo(ChronoUnit.MINUTES), 1, Integer::sum);
        }
        truth.occupancy().forEach((zone, minutes) -> {
            long exits = minutes.values().stream().mapToLong(GroundTruth.ZoneMinute::exits).sum();
            assertThat(visits.getOrDefault(zone, 0L)).as("visits of %s", zone).isEqualTo(exits);
            minutes.forEach((minute, m) -> assertThat(endedIn.getOrDefault(zone, Map.of()).getOrDefault(minute, 0))
                    .as("%s at %s", zone, minute).isEqualTo(m.exits()));
        });
    }

    @Test
    void theCsvFilesHaveTheResultsColumnsAndOneRowPerBusyMinute(@TempDir Path dir) throws IOException {
        truth.writeCsv(dir);
        List<String> occupancy = Files.readAllLines(dir.resolve("occupancy.csv"));
        assertThat(occupancy.get(0)).isEqualTo("zone_id,minute,occupancy,entries,exits");
        long busy = truth.occupancy().values().stream().flatMap(m -> m.values().stream())
                .filter(m -> m.occupancy() != 0 || m.entries() != 0 || m.exits() != 0).count();
        assertThat(occupancy).hasSize((int) busy + 1);
        assertThat(occupancy.get(1)).matches("[a-z-]+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00Z,\\d+,\\d+,\\d+");
        assertThat(Files.readAllLines(dir.resolve("gate_counts.csv")).get(0)).isEqualTo("gate_id,minute,entries,exits");
        assertThat(Files.readAllLines(dir.resolve("visitors_daily.csv")))
                .startsWith("site_id,day,visitors")
                .contains("stadsbiblioteket," + FRIDAY + "," + truth.visitors("stadsbiblioteket", FRIDAY));
        assertThat(Files.readAllLines(dir.resolve("dwell.csv"))).hasSize(truth.visits().size() + 1)
                .first().isEqualTo("zone_id,visitor,entered,left,dwell_s,phone");
        assertThat(Files.readAllLines(dir.resolve("flows.csv")).get(0)).isEqualTo("from_zone,to_zone,minute,people");
    }
}
