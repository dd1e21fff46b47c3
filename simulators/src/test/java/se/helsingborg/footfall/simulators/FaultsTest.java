package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.decode.MessageRejectedException;
import se.helsingborg.footfall.ingest.decode.RejectReason;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * Each fault shows in the messages when it is switched on, and never when every other fault is on
 * but it is not. Each is recognised the way an engineer reading the decoded messages would see it.
 */
class FaultsTest {
    private static final SiteModel SITE = SiteModel.example();
    private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    private static final Instant START = MONDAY.atTime(7, 0).atZone(SITE.timezone()).toInstant();
    private static final Instant END = MONDAY.atTime(21, 0).atZone(SITE.timezone()).toInstant();
    private static final MessageDecoder DECODER = new MessageDecoder(SITE);

    /** What arrived: each message's delivery time and what the decoder made of it. */
    record Arrival(SimulatedMessage message, DecodedMessage decoded, RejectReason rejected) {}

    static List<Arrival> run(Faults faults, long seed) {
        Simulation sim = new Simulation(SITE, seed, START, faults);
        List<SimulatedMessage> messages = new ArrayList<>();
        while (sim.clock().isBefore(END)) {
            messages.addAll(sim.nextMinute());
        }
        messages.addAll(sim.remaining());
        List<Arrival> out = new ArrayList<>();
        for (SimulatedMessage m : messages) {
            try {
                out.add(new Arrival(m, DECODER.decode(new RawMessage(m.topic(), m.payload(), m.time())), null));
            } catch (MessageRejectedException e) {
                out.add(new Arrival(m, null, e.reason()));
            }
        }
        return out;
    }

    /** Each device's readable uplinks by the time they were sent, a frame seen again within ten minutes left out. */
    static Map<String, List<DecodedMessage>> uniqueByDevice(List<Arrival> arrivals) {
        Map<String, List<DecodedMessage>> byDevice = new HashMap<>();
        arrivals.stream().filter(a -> a.decoded() != null).map(Arrival::decoded)
                .sorted(Comparator.comparing(DecodedMessage::time))
                .forEach(d -> byDevice.computeIfAbsent(d.device(), k -> new ArrayList<>()).add(d));
        byDevice.replaceAll((device, list) -> {
            Map<Long, Instant> seen = new HashMap<>();
            List<DecodedMessage> unique = new ArrayList<>();
            for (DecodedMessage d : list) {
                Instant before = seen.put(d.fCnt(), d.time());
                if (before == null || Duration.between(before, d.time()).toMinutes() >= 10) {
                    unique.add(d);
                }
            }
            return unique;
        });
        return byDevice;
    }

    /** How often the fault's mark shows in one run's messages. */
    static int marks(Fault fault, List<Arrival> arrivals) {
        ToIntFunction<List<Arrival>> mark = switch (fault) {
            case DUPLICATES -> FaultsTest::framesHeardTwice;
            case LATE -> a -> (int) a.stream().filter(x -> x.decoded() != null
                    && Duration.between(x.decoded().time(), x.message().time()).toSeconds() > 60).count();
            case OFFLINE -> a -> pairs(a, (p, n) -> Duration.between(p.time(), n.time()).toMinutes() >= 15);
            case REBOOT -> a -> pairs(a, (p, n) -> n.fCnt() < p.fCnt());
            case WRAP -> a -> pairs(a, (p, n) -> n.fCnt() > p.fCnt() && totalIn(n) < totalIn(p));
            case GARBAGE -> a -> (int) a.stream().filter(x -> x.rejected() == RejectReason.BAD_PAYLOAD).count();
            case MALFORMED_JSON -> a -> (int) a.stream().filter(x -> x.rejected() == RejectReason.BAD_ENVELOPE).count();
            case SKEW -> a -> pairs(a, (p, n) -> Duration.between(p.time(), n.time()).toSeconds() >= 30
                    && n.time().getEpochSecond() % 60 != 0);
            case BURST -> a -> pairs(a, (p, n) -> Duration.between(p.time(), n.time()).toSeconds() < 10);
        };
        return mark.applyAsInt(arrivals);
    }

    private static int framesHeardTwice(List<Arrival> arrivals) {
        Map<String, Instant> seen = new HashMap<>();
        int twice = 0;
        for (Arrival a : arrivals) {
            if (a.decoded() != null) {
                Instant before = seen.put(a.decoded().device() + "/" + a.decoded().fCnt(), a.decoded().time());
                if (before != null && Duration.between(before, a.decoded().time()).abs().toMinutes() < 10) {
                    twice++;
                }
            }
        }
        return twice;
    }

    private static int pairs(List<Arrival> arrivals, java.util.function.BiPredicate<DecodedMessage, DecodedMessage> mark) {
        int n = 0;
        for (List<DecodedMessage> list : uniqueByDevice(arrivals).values()) {
            for (int i = 1; i < list.size(); i++) {
                if (mark.test(list.get(i - 1), list.get(i))) {
                    n++;
                }
            }
        }
        return n;
    }

    private static long totalIn(DecodedMessage d) {
        return d.readings().stream().map(Reading::lineCrossings)
                .filter(c -> c != null && c.cumulative() && c.line() == 1).mapToLong(LineCrossings::in).findFirst().orElse(-1);
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultShowsWhenOnAndNeverWhenOff(Fault fault) {
        assertThat(marks(fault, run(Faults.of(fault), 5))).as("%s switched on", fault.id()).isPositive();
        EnumSet<Fault> others = EnumSet.complementOf(EnumSet.of(fault));
        assertThat(marks(fault, run(new Faults(others, MissRate.NONE), 5))).as("%s off, the others on", fault.id()).isZero();
    }

    @Test
    void aCleanRunShowsNoFaultAtAll() {
        List<Arrival> clean = run(Faults.NONE, 6);
        for (Fault f : Fault.values()) {
            assertThat(marks(f, clean)).as(f.id()).isZero();
        }
        assertThat(clean).allSatisfy(a -> assertThat(a.decoded()).isNotNull());
    }

    @Test
    void faultsAreTheSameForTheSameSeedAndNeverChangeTheTruth() {
        Simulation a = new Simulation(SITE, 9, START, Faults.all().withMissRate(MissRate.parse("0.02")));
        Simulation b = new Simulation(SITE, 9, START, Faults.all().withMissRate(MissRate.parse("0.02")));
        Simulation clean = new Simulation(SITE, 9, START);
        while (a.clock().isBefore(END)) {
            List<SimulatedMessage> ma = a.nextMinute();
            List<SimulatedMessage> mb = b.nextMinute();
            clean.nextMinute();
            assertThat(mb).hasSameSizeAs(ma);
            for (int i = 0; i < ma.size(); i++) {
                assertThat(mb.get(i).time()).isEqualTo(ma.get(i).time());
                assertThat(mb.get(i).payload()).isEqualTo(ma.get(i).payload());
            }
        }
        assertThat(a.truth().occupancy()).isEqualTo(clean.truth().occupancy());
        assertThat(a.truth().visitors()).isEqualTo(clean.truth().visitors());
        assertThat(a.truth().visits()).isEqualTo(clean.truth().visits());
    }

    @Test
    void groupsAreCountedAsOneOnlyWherePeopleWalkClose() {
        List<Arrival> arrivals = run(new Faults(EnumSet.noneOf(Fault.class), MissRate.parse("group=1")), 4);
        VisitorSimulation visitors = new VisitorSimulation(SITE, 4, START, Scenario.defaults());
        List<GateCrossing> crossings = new java.util.ArrayList<>();
        while (visitors.clock().isBefore(END)) {
            crossings.addAll(visitors.nextMinute());
        }
        // Every close follower is missed (group=1): the count falls short by the crossings that
        // came within the gap of the one ahead in their direction, and by nothing else.
        java.util.Map<Boolean, Long> last = new java.util.HashMap<>();
        long trueIn = 0;
        long followers = 0;
        for (GateCrossing c : crossings) {
            if (!c.gateId().equals("main-entrance") || !c.in()) {
                continue;
            }
            trueIn++;
            long at = c.time().toEpochMilli();
            Long ahead = last.put(true, at);
            if (ahead != null && at - ahead < MissRate.GROUP_GAP_MILLIS) {
                followers++;
            }
        }
        long countedIn = 0;
        for (Arrival a : arrivals) {
            for (Reading r : a.decoded().readings()) {
                LineCrossings c = r.lineCrossings();
                if (c != null && !c.cumulative() && c.gateId().equals("main-entrance")) {
                    countedIn += c.in();
                }
            }
        }
        assertThat(followers).as("close followers at the main entrance").isPositive();
        assertThat(countedIn).isEqualTo(trueIn - followers);
    }

    @Test
    void aMissRateLosesThatDirectionOnlyAndTheCountersDrift() {
        MissRate exits = MissRate.parse("exit=0.05");
        List<Arrival> arrivals = run(new Faults(EnumSet.noneOf(Fault.class), exits), 4);
        Simulation truthOnly = new Simulation(SITE, 4, START);
        while (truthOnly.clock().isBefore(END)) {
            truthOnly.nextMinute();
        }
        var gates = truthOnly.truth().gateCounts().get("main-entrance").values();
        long trueIn = gates.stream().mapToLong(GroundTruth.GateMinute::entries).sum();
        long trueOut = gates.stream().mapToLong(GroundTruth.GateMinute::exits).sum();
        long countedIn = 0;
        long countedOut = 0;
        for (Arrival a : arrivals) {
            for (Reading r : a.decoded().readings()) {
                LineCrossings c = r.lineCrossings();
                if (c != null && !c.cumulative() && c.gateId().equals("main-entrance")) {
                    countedIn += c.in();
                    countedOut += c.out();
                }
            }
        }
        assertThat(countedIn).isEqualTo(trueIn);
        assertThat(countedOut).isLessThan(trueOut).isGreaterThan(Math.round(trueOut * 0.9));
    }

    @Test
    void namesAndMissRatesAreReadAsTheCommandLineWritesThem() {
        assertThat(Faults.parse("duplicates, late,malformed-json", null).on())
                .containsExactlyInAnyOrder(Fault.DUPLICATES, Fault.LATE, Fault.MALFORMED_JSON);
        assertThat(Faults.parse("all", null).on()).hasSize(Fault.values().length);
        assertThat(Faults.parse(null, null)).isEqualTo(Faults.NONE);
        assertThatThrownBy(() -> Faults.parse("gremlins", null)).hasMessageContaining("duplicates");
        assertThat(MissRate.parse("exit=0.01")).isEqualTo(new MissRate(0, 0.01));
        assertThat(MissRate.parse("in=0.02,out=0.01")).isEqualTo(new MissRate(0.02, 0.01));
        assertThat(MissRate.parse("0.03")).isEqualTo(new MissRate(0.03, 0.03));
        assertThat(MissRate.parse("exit=0.01,group=0.5")).isEqualTo(new MissRate(0, 0.01, 0.5));
        assertThatThrownBy(() -> MissRate.parse("sideways=0.1")).hasMessageContaining("sideways");
        assertThatThrownBy(() -> MissRate.parse("exit=2")).isInstanceOf(IllegalArgumentException.class);
    }
}
