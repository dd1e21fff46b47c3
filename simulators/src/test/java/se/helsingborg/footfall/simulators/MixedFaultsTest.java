package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.decode.MessageRejectedException;
import se.helsingborg.footfall.ingest.decode.RejectReason;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * Each fault shows on every device of the mixed site it applies to when it is switched on, and on
 * none when every other fault is on but it is not; on a device it does not apply to it never
 * shows. Marks are read per device from the decoded messages, as an engineer would look for them.
 */
class MixedFaultsTest {
    private static final SiteModel SITE = MixedSiteTest.SITE;
    private static final Instant START = MixedSiteTest.START;
    private static final Instant END = MixedSiteTest.END;
    private static final MessageDecoder DECODER = new MessageDecoder(SITE);
    /** Which device publishes on which topic: each device has a topic of its own. */
    private static final Map<String, String> DEVICE_OF_TOPIC = new HashMap<>();
    private static final Set<String> SIXTEEN_BIT_COUNTERS = Set.of("milesight-vs133", "milesight-vs135", "milesight-vs350",
            "imbuildings-people-counter");

    static {
        for (Device d : SITE.devices()) {
            String topic = new TopicOf(d).topic();
            DEVICE_OF_TOPIC.put(topic, d.id());
        }
    }

    /** The topic a device publishes on: its network server's for it, Footfall JSON's naming the site of its zone or gate. */
    private record TopicOf(Device device) {
        String topic() {
            String site = device.zone() != null ? SITE.zone(device.zone()).site()
                    : SITE.zone(SITE.gate(device.lines().get(1)).to()).site();
            return NetworkServer.of(device, site).topic();
        }
    }

    record Arrival(SimulatedMessage message, DecodedMessage decoded, RejectReason rejected) {}

    static Map<String, List<Arrival>> run(Faults faults, long seed) {
        return run(faults, seed, END);
    }

    static Map<String, List<Arrival>> run(Faults faults, long seed, Instant end) {
        Simulation sim = new Simulation(SITE, seed, START, faults);
        Map<String, List<Arrival>> byDevice = new TreeMap<>();
        for (SimulatedMessage m : MixedSiteTest.run(sim, end)) {
            Arrival a;
            try {
                a = new Arrival(m, DECODER.decode(new RawMessage(m.topic(), m.payload(), m.time())), null);
            } catch (MessageRejectedException e) {
                a = new Arrival(m, null, e.reason());
            }
            byDevice.computeIfAbsent(DEVICE_OF_TOPIC.get(m.topic()), k -> new ArrayList<>()).add(a);
        }
        return byDevice;
    }

    /** A device's readable messages in time order, a message id seen again within ten minutes left out. */
    static List<DecodedMessage> unique(List<Arrival> arrivals) {
        List<DecodedMessage> sorted = arrivals.stream().filter(a -> a.decoded() != null).map(Arrival::decoded)
                .sorted(Comparator.comparing(DecodedMessage::time)).toList();
        Map<Long, Instant> seen = new HashMap<>();
        List<DecodedMessage> out = new ArrayList<>();
        for (DecodedMessage d : sorted) {
            Instant before = seen.put(d.fCnt(), d.time());
            if (before == null || Duration.between(before, d.time()).toMinutes() >= 10) {
                out.add(d);
            }
        }
        return out;
    }

    private static int pairs(List<DecodedMessage> list, BiPredicate<DecodedMessage, DecodedMessage> mark) {
        int n = 0;
        for (int i = 1; i < list.size(); i++) {
            if (mark.test(list.get(i - 1), list.get(i))) {
                n++;
            }
        }
        return n;
    }

    private static long totalIn(DecodedMessage d) {
        return d.readings().stream().map(Reading::lineCrossings)
                .filter(c -> c != null && c.cumulative()).mapToLong(LineCrossings::in).findFirst().orElse(-1);
    }

    /** How often the fault's mark shows in one device's messages. */
    static int marks(Fault fault, Device device, List<Arrival> arrivals) {
        long interval = device.reportingIntervalSeconds();
        return switch (fault) {
            case DUPLICATES -> {
                Map<Long, Instant> seen = new HashMap<>();
                int twice = 0;
                for (Arrival a : arrivals) {
                    if (a.decoded() != null) {
                        Instant before = seen.put(a.decoded().fCnt(), a.decoded().time());
                        if (before != null && Duration.between(before, a.decoded().time()).abs().toMinutes() < 10) {
                            twice++;
                        }
                    }
                }
                yield twice;
            }
            case LATE -> (int) arrivals.stream().filter(x -> x.decoded() != null
                    && Duration.between(x.decoded().time(), x.message().time()).toSeconds() > 60).count();
            case OFFLINE -> pairs(unique(arrivals), (p, n) -> Duration.between(p.time(), n.time()).toSeconds() >= 3 * interval);
            case REBOOT -> pairs(unique(arrivals), (p, n) -> n.fCnt() < p.fCnt());
            case WRAP -> pairs(unique(arrivals).stream().filter(d -> totalIn(d) >= 0).toList(),
                    (p, n) -> n.fCnt() > p.fCnt() && totalIn(n) < totalIn(p));
            case GARBAGE -> (int) arrivals.stream().filter(x -> x.rejected() == RejectReason.BAD_PAYLOAD).count();
            case MALFORMED_JSON -> (int) arrivals.stream().filter(x -> x.rejected() == RejectReason.BAD_ENVELOPE).count();
            // Off the minute after a whole interval (a burst's quick reports are off the minute, but close together).
            case SKEW -> pairs(unique(arrivals), (p, n) -> Duration.between(p.time(), n.time()).toSeconds() >= 30
                    && n.time().getEpochSecond() % 60 != 0);
            // Reports far closer together than the interval (Footfall JSON's hourly totals go with a period's counts, at its time).
            case BURST -> pairs(unique(arrivals), (p, n) -> {
                long gap = Duration.between(p.time(), n.time()).toSeconds();
                return gap > 0 && gap <= interval / 10;
            });
        };
    }

    /** Whether the fault can show on the device at all, and why not where it cannot. */
    static boolean applies(Fault fault, Device device) {
        return switch (fault) {
            // Footfall JSON goes over IP, past no LoRaWAN gateway that could buffer it.
            case LATE -> !device.envelope().equals("footfall-json");
            // Only 16-bit running totals wrap within a day; area and climate sensors keep no totals.
            case WRAP -> SIXTEEN_BIT_COUNTERS.contains(device.model()) && !device.lines().isEmpty();
            default -> true;
        };
    }

    @ParameterizedTest
    @EnumSource(value = Fault.class, names = "SKEW", mode = EnumSource.Mode.EXCLUDE)
    void aFaultShowsOnEveryDeviceItAppliesToWhenOnAndNeverWhenOff(Fault fault) {
        Map<String, List<Arrival>> on = run(Faults.of(fault), 5);
        Map<String, List<Arrival>> off = run(new Faults(EnumSet.complementOf(EnumSet.of(fault)), MissRate.NONE), 5);
        Map<String, Integer> shown = new TreeMap<>();
        for (Device d : SITE.devices()) {
            shown.put(d.id(), marks(fault, d, on.get(d.id())));
            assertThat(marks(fault, d, off.get(d.id()))).as("%s off, the others on: %s (%s)", fault.id(), d.id(), d.model()).isZero();
        }
        for (Device d : SITE.devices()) {
            if (applies(fault, d)) {
                assertThat(shown.get(d.id())).as("%s on: %s (%s), all: %s", fault.id(), d.id(), d.model(), shown).isPositive();
            } else {
                assertThat(shown.get(d.id())).as("%s does not apply to %s (%s)", fault.id(), d.id(), d.model()).isZero();
            }
        }
    }

    /** A skewed clock is one device's: it shows on that device alone, whatever its model. */
    @Test
    void aSkewedClockShowsOnOneDeviceWhateverItsModel() {
        Map<String, Integer> skewed = new TreeMap<>();
        for (long seed = 1; seed <= 4; seed++) {
            Map<String, List<Arrival>> on = run(Faults.of(Fault.SKEW), seed, START.plusSeconds(6 * 3600));
            List<String> showing = SITE.devices().stream().filter(d -> marks(Fault.SKEW, d, on.get(d.id())) > 0)
                    .map(Device::model).collect(Collectors.toList());
            assertThat(showing).as("seed %d", seed).hasSize(1);
            skewed.merge(showing.get(0), 1, Integer::sum);
        }
        Map<String, List<Arrival>> off = run(new Faults(EnumSet.complementOf(EnumSet.of(Fault.SKEW)), MissRate.NONE), 1,
                START.plusSeconds(6 * 3600));
        for (Device d : SITE.devices()) {
            assertThat(marks(Fault.SKEW, d, off.get(d.id()))).as(d.id()).isZero();
        }
        System.out.println("skewed clocks by model over four seeds: " + skewed);
    }

    /**
     * An IP counter's clock writes its messages' times, so its skew shows in them (a LoRaWAN
     * device's shows only in when it sends: the network server stamps the time); its periods still
     * add up to what it counted.
     */
    @Test
    void aSkewedIpCounterWritesItsOwnClockIntoItsMessages() throws Exception {
        SiteModel one = SiteModel.parse("timezone: UTC\nsites: [{id: s}]\nzones: [{id: z, site: s, capacity: 50}]\n"
                + "gates: [{id: g, from: outside, to: z}]\n"
                + "devices: [{id: door, model: footfall-json, gate: g, reporting_interval_s: 60}]\n");
        Instant noon = Instant.parse("2026-11-23T08:00:00Z");
        Simulation sim = new Simulation(one, 3, noon, Faults.of(Fault.SKEW));
        MessageDecoder decoder = new MessageDecoder(one);
        long in = 0;
        List<Long> offsets = new ArrayList<>();
        for (SimulatedMessage m : MixedSiteTest.run(sim, noon.plusSeconds(3 * 3600))) {
            DecodedMessage d = decoder.decode(new RawMessage(m.topic(), m.payload(), m.time()));
            offsets.add(Duration.between(m.time(), d.time()).toSeconds());
            for (Reading r : d.readings()) {
                if (!r.lineCrossings().cumulative()) {
                    in += r.lineCrossings().in();
                }
            }
        }
        assertThat(offsets).isNotEmpty().allSatisfy(o -> assertThat(Math.abs(o)).isBetween(10L, 50L));
        assertThat(offsets.stream().distinct()).as("one clock, one offset").hasSize(1);
        long trueIn = sim.truth().gateCounts().get("g").values().stream().mapToLong(GroundTruth.GateMinute::entries).sum();
        long lastMinute = sim.truth().gateCounts().get("g").tailMap(noon.plusSeconds(3 * 3600 - 60)).values().stream()
                .mapToLong(GroundTruth.GateMinute::entries).sum();
        // A clock behind true time has not yet closed its last period when the simulation ends.
        assertThat(in).isBetween(trueIn - lastMinute, trueIn).isPositive();
    }
}
