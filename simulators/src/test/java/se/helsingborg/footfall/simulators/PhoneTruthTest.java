package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * The truth that presence tokens are scored against: who carries a phone, and the carriers' moves
 * between the zones presence sensors watch, joined as the job joins token sessions.
 */
class PhoneTruthTest {
    private static final ZoneId TZ = ZoneId.of("Europe/Stockholm");
    private static final LocalDate DAY = LocalDate.of(2026, 11, 30);
    private static final GroundTruth.PresenceSensors SENSORS = new GroundTruth.PresenceSensors(Set.of("lib", "park-north"), TZ,
            Duration.ofMinutes(30));
    private static final List<Integer> CARRIERS = IntStream.range(0, 1000).filter(VisitorPhones::carries).limit(8).boxed().toList();
    private static final int NO_PHONE = IntStream.range(0, 1000).filter(v -> !VisitorPhones.carries(v)).findFirst().orElseThrow();

    private static Instant at(int hour, int minute) {
        return DAY.atTime(hour, minute).atZone(TZ).toInstant();
    }

    private static void stay(GroundTruth t, int visitor, String zone, Instant from, Instant to) {
        t.entered(visitor, zone, from);
        t.left(visitor, zone, to);
    }

    @Test
    void aCarriersMoveCountsWithinTheLimitOnOneDateBetweenWatchedZonesOnly() {
        GroundTruth t = new GroundTruth();
        int straight = CARRIERS.get(0);
        stay(t, straight, "park-north", at(10, 0), at(10, 30));
        stay(t, straight, "lib", at(10, 30), at(11, 0));
        int tooLate = CARRIERS.get(1); // 31 minutes outside between the two: no move
        stay(t, tooLate, "park-north", at(10, 0), at(10, 30));
        stay(t, tooLate, "lib", at(11, 1), at(11, 30));
        int atTheLimit = CARRIERS.get(2); // 30 minutes: still a move, as the job's "no more than the limit"
        stay(t, atTheLimit, "lib", at(12, 0), at(12, 30));
        stay(t, atTheLimit, "park-north", at(13, 0), at(13, 20));
        stay(t, NO_PHONE, "park-north", at(10, 0), at(10, 30)); // the sensors never hear this one
        stay(t, NO_PHONE, "lib", at(10, 30), at(11, 0));
        int roomVisitor = CARRIERS.get(3); // a room nobody listens in is not a zone of the moves
        t.entered(roomVisitor, "park-north", at(14, 0));
        t.left(roomVisitor, "park-north", at(14, 10));
        t.entered(roomVisitor, "lib", at(14, 10));
        stay(t, roomVisitor, "lib-stage", at(14, 20), at(14, 40));
        t.left(roomVisitor, "lib", at(15, 0));
        int overMidnight = CARRIERS.get(4); // the park until 00:10, then the library: the token of the new date only saw 10 minutes of park
        stay(t, overMidnight, "park-north", at(23, 40), DAY.plusDays(1).atTime(0, 10).atZone(TZ).toInstant());
        stay(t, overMidnight, "lib", DAY.plusDays(1).atTime(0, 15).atZone(TZ).toInstant(),
                DAY.plusDays(1).atTime(0, 30).atZone(TZ).toInstant());
        int lateEvening = CARRIERS.get(5); // the park before midnight, the library after it: two tokens, no move
        stay(t, lateEvening, "park-north", at(23, 30), at(23, 50));
        stay(t, lateEvening, "lib", DAY.plusDays(1).atTime(0, 5).atZone(TZ).toInstant(),
                DAY.plusDays(1).atTime(0, 20).atZone(TZ).toInstant());

        Map<GroundTruth.Transition, Long> moves = t.phoneTransitions(SENSORS);
        assertThat(moves).containsExactlyInAnyOrderEntriesOf(Map.of(
                new GroundTruth.Transition("park-north", "lib", DAY), 2L,
                new GroundTruth.Transition("lib", "park-north", DAY), 1L,
                new GroundTruth.Transition("park-north", "lib", DAY.plusDays(1)), 1L));
    }

    @Test
    void aStayAcrossMidnightIsOnePiecePerLocalDate() {
        GroundTruth.Visit v = new GroundTruth.Visit("park-north", 1, at(22, 0), DAY.plusDays(2).atTime(1, 0).atZone(TZ).toInstant());
        List<GroundTruth.Visit> pieces = v.byLocalDate(TZ);
        assertThat(pieces).extracting(p -> LocalDate.ofInstant(p.entered(), TZ)).containsExactly(DAY, DAY.plusDays(1), DAY.plusDays(2));
        assertThat(pieces.stream().mapToLong(GroundTruth.Visit::dwellSeconds).sum()).isEqualTo(v.dwellSeconds());
        assertThat(pieces.get(1).dwellSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());
        assertThat(new GroundTruth.Visit("lib", 1, at(10, 0), at(11, 0)).byLocalDate(TZ)).hasSize(1);
    }

    @Test
    void theMixedSitesTruthSaysWhoCarriesAPhoneAndIsTheSameFileForTheSameSeed(@TempDir Path dir) throws Exception {
        SiteModel site = SiteModel.load(Path.of("..", "sites", "helsingborg-mixed.yaml"));
        GroundTruth.PresenceSensors sensors = GroundTruth.PresenceSensors.of(site, Duration.ofMinutes(30));
        assertThat(sensors.zones()).containsExactlyInAnyOrder("lib", "park-north");
        for (String run : List.of("a", "b")) {
            Simulation sim = new Simulation(site, 5, DAY.atTime(9, 0).atZone(TZ).toInstant());
            while (sim.clock().isBefore(DAY.atTime(17, 0).atZone(TZ).toInstant())) {
                sim.nextMinute();
            }
            sim.truth().writeCsv(dir.resolve(run), sensors);
        }
        List<String> dwell = Files.readAllLines(dir.resolve("a/dwell.csv"));
        assertThat(dwell.get(0)).isEqualTo("zone_id,visitor,entered,left,dwell_s,phone");
        for (String row : dwell.subList(1, dwell.size())) {
            String[] c = row.split(",");
            assertThat(Boolean.parseBoolean(c[5])).as(row).isEqualTo(VisitorPhones.carries(Integer.parseInt(c[1])));
        }
        long carried = dwell.stream().skip(1).filter(r -> r.endsWith(",true")).count();
        assertThat(carried / (double) (dwell.size() - 1)).as("share of stays with a phone").isBetween(0.6, 0.8);
        List<String> moves = Files.readAllLines(dir.resolve("a/zone_transitions.csv"));
        assertThat(moves.get(0)).isEqualTo("from_zone,to_zone,day,transitions");
        assertThat(moves).anyMatch(l -> l.startsWith("park-north,lib," + DAY + ","));
        for (String table : List.of("occupancy", "gate_counts", "visitors_daily", "dwell", "flows", "zone_transitions")) {
            assertThat(Files.readAllLines(dir.resolve("b/" + table + ".csv"))).as(table)
                    .isEqualTo(Files.readAllLines(dir.resolve("a/" + table + ".csv")));
        }
    }

    @Test
    void aSiteWithoutPresenceSensorsHasNoTransitionsFile(@TempDir Path dir) throws Exception {
        GroundTruth t = new GroundTruth();
        stay(t, CARRIERS.get(0), "park-north", at(10, 0), at(10, 30));
        t.writeCsv(dir, GroundTruth.PresenceSensors.of(SiteModel.example(), Duration.ofMinutes(30)));
        assertThat(dir.resolve("zone_transitions.csv")).doesNotExist();
        assertThat(dir.resolve("dwell.csv")).exists();
    }
}
