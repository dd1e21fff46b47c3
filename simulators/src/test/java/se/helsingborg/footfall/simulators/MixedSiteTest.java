package se.helsingborg.footfall.simulators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.decode.DecodedMessage;
import se.helsingborg.footfall.ingest.decode.MessageDecoder;
import se.helsingborg.footfall.ingest.decode.MessageRejectedException;
import se.helsingborg.footfall.ingest.envelope.Envelopes;
import se.helsingborg.footfall.ingest.reading.DeviceStatus;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * The second example site, where every model Footfall reads watches the library and the park
 * behind every envelope: a simulated day of it is what the visitors did, as the decoder reads it.
 */
class MixedSiteTest {
    static final SiteModel SITE = load();
    static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
    static final Instant START = MONDAY.atStartOfDay(SITE.timezone()).toInstant();
    static final Instant END = MONDAY.plusDays(1).atStartOfDay(SITE.timezone()).toInstant();

    static SiteModel load() {
        try (InputStream in = MixedSiteTest.class.getResourceAsStream("/sites/helsingborg-mixed.yaml")) {
            return SiteModel.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<SimulatedMessage> run(Simulation sim, Instant end) {
        List<SimulatedMessage> all = new ArrayList<>();
        while (sim.clock().isBefore(end)) {
            all.addAll(sim.nextMinute());
        }
        all.addAll(sim.remaining());
        return all;
    }

    static List<DecodedMessage> decodeAll(List<SimulatedMessage> messages) throws MessageRejectedException {
        MessageDecoder decoder = new MessageDecoder(SITE);
        List<DecodedMessage> out = new ArrayList<>();
        for (SimulatedMessage m : messages) {
            out.add(decoder.decode(new RawMessage(m.topic(), m.payload(), m.time())));
        }
        return out;
    }

    @Test
    void theSiteHasEveryModelAndEveryEnvelope() {
        assertThat(SITE.devices().stream().map(Device::model).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(DeviceCodecs.models());
        assertThat(SITE.devices().stream().map(Device::envelope).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(Envelopes.all().stream().map(e -> e.name()).toList());
        Map<String, Long> devicesPerGate = SITE.devices().stream().flatMap(d -> d.lines().values().stream())
                .collect(Collectors.groupingBy(g -> g, Collectors.counting()));
        assertThat(devicesPerGate).as("every gate counted once").hasSize(SITE.gates().size()).allSatisfy((g, n) -> assertThat(n).isOne());
    }

    @Test
    void aDayDecodesWithoutARejectAndCountsExactlyWhatTheVisitorsDid() throws Exception {
        Simulation sim = new Simulation(SITE, 21, START);
        List<DecodedMessage> decoded = decodeAll(run(sim, END));
        GroundTruth truth = sim.truth();

        assertThat(decoded.stream().map(DecodedMessage::device).collect(Collectors.toSet()))
                .as("every device sent").hasSize(SITE.devices().size());
        // Frame counters (Footfall JSON: message ids) rise by one per message, from one.
        Map<String, Long> lastFrame = new HashMap<>();
        for (DecodedMessage d : decoded) {
            assertThat(d.fCnt()).as(d.device()).isEqualTo(lastFrame.getOrDefault(d.device(), 0L) + 1);
            lastFrame.put(d.device(), d.fCnt());
        }

        // Per gate: the period counts add up to the truth's crossings; a device that sends only
        // running totals ends the day with the truth's crossings as its totals; and wherever a
        // device sends both, each total is the sum of the periods before it.
        Map<String, long[]> periods = new TreeMap<>();
        Map<String, long[]> totals = new TreeMap<>();
        for (DecodedMessage d : decoded) {
            for (Reading r : d.readings()) {
                LineCrossings c = r.lineCrossings();
                if (c == null) {
                    continue;
                }
                if (c.cumulative()) {
                    totals.put(c.gateId(), new long[] {c.in(), c.out()});
                    if (periods.containsKey(c.gateId())) {
                        assertThat(periods.get(c.gateId())).as("%s total at %s", c.gateId(), r.eventTime())
                                .containsExactly(c.in(), c.out());
                    }
                } else {
                    long[] sum = periods.computeIfAbsent(c.gateId(), g -> new long[2]);
                    sum[0] += c.in();
                    sum[1] += c.out();
                }
            }
        }
        assertThat(totals.keySet()).hasSize(SITE.gates().size());
        for (var gate : truth.gateCounts().entrySet()) {
            long in = gate.getValue().values().stream().mapToLong(GroundTruth.GateMinute::entries).sum();
            long out = gate.getValue().values().stream().mapToLong(GroundTruth.GateMinute::exits).sum();
            long[] counted = periods.getOrDefault(gate.getKey(), totals.get(gate.getKey()));
            assertThat(counted).as(gate.getKey()).containsExactly(in, out);
            assertThat(totals.get(gate.getKey())).as(gate.getKey()).containsExactly(in, out);
            assertThat(in).as(gate.getKey()).isPositive();
        }
        assertThat(truth.gateCounts().keySet()).hasSize(SITE.gates().size());

        // Area counts are the people in the zone when the count was sent.
        int areaCounts = 0;
        for (DecodedMessage d : decoded) {
            for (Reading r : d.readings()) {
                if (r.areaCount() != null) {
                    var minute = truth.occupancy().get(r.areaCount().zoneId()).get(r.eventTime().minusSeconds(60));
                    assertThat(r.areaCount().count()).as("%s at %s", d.device(), r.eventTime()).isEqualTo(minute.occupancy());
                    areaCounts++;
                }
            }
        }
        assertThat(areaCounts).isGreaterThan(1440 + 2 * 288 - 10);
        int peakStage = truth.occupancy().get("lib-stage").values().stream().mapToInt(GroundTruth.ZoneMinute::occupancy).max().orElse(0);
        assertThat(peakStage).as("the stage camera had people to count").isPositive();
    }

    @Test
    void theSameSeedGivesTheSameMessages() {
        List<SimulatedMessage> a = run(new Simulation(SITE, 4, START, Faults.all()), START.plusSeconds(6 * 3600));
        List<SimulatedMessage> b = run(new Simulation(SITE, 4, START, Faults.all()), START.plusSeconds(6 * 3600));
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).topic()).isEqualTo(a.get(i).topic());
            assertThat(b.get(i).payload()).isEqualTo(a.get(i).payload());
        }
    }

    /** Each device's battery readings in time order: percent where it reports one, else millivolts. */
    static Map<String, List<Integer>> batteries(List<DecodedMessage> decoded) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (DecodedMessage d : decoded) {
            for (Reading r : d.readings()) {
                DeviceStatus s = r.deviceStatus();
                if (s != null) {
                    out.computeIfAbsent(d.device(), k -> new ArrayList<>())
                            .add(s.batteryPercent() != null ? s.batteryPercent() : s.batteryMillivolts());
                }
            }
        }
        return out;
    }

    @Test
    void batteriesDrainOverDaysAndOnlyNewCellsRefillThem() throws Exception {
        Instant threeDays = START.plusSeconds(3 * 86_400);
        Map<String, List<Integer>> clean = batteries(decodeAll(run(new Simulation(SITE, 5, START), threeDays)));
        Set<String> battery = Set.of("milesight-vs350", "milesight-am307", "milesight-ws202", "elsys-ers", "elsys-ers-co2",
                "elsys-ers-eye", "imbuildings-people-counter", "browan-tbms100");
        assertThat(clean.keySet()).containsExactlyInAnyOrderElementsOf(SITE.devices().stream()
                .filter(d -> battery.contains(d.model())).map(Device::id).toList());
        clean.forEach((device, levels) -> {
            for (int i = 1; i < levels.size(); i++) {
                assertThat(levels.get(i)).as("%s reading %d", device, i).isLessThanOrEqualTo(levels.get(i - 1));
            }
            assertThat(levels.get(0)).isPositive();
        });
        // Percent and millivolts are fine enough to show three days' use.
        for (String percentOrMillivolts : List.of("24e124713b250001", "24e124707b300001", "24e124538b220001",
                "a81758fffe0a0001", "a81758fffe0a0002", "a81758fffe0a0003")) {
            List<Integer> levels = clean.get(percentOrMillivolts);
            assertThat(levels.get(levels.size() - 1)).as(percentOrMillivolts).isLessThan(levels.get(0));
        }

        // With reboots (a battery model restarts when its cells are changed) a level rises only
        // in the message right after the frame counter started again.
        Simulation rebooting = new Simulation(SITE, 5, START, Faults.of(Fault.REBOOT));
        List<DecodedMessage> decoded = decodeAll(run(rebooting, threeDays));
        Map<String, DecodedMessage> previous = new HashMap<>();
        Map<String, Integer> level = new HashMap<>();
        int refills = 0;
        for (DecodedMessage d : decoded) {
            for (Reading r : d.readings()) {
                DeviceStatus s = r.deviceStatus();
                if (s == null) {
                    continue;
                }
                int now = s.batteryPercent() != null ? s.batteryPercent() : s.batteryMillivolts();
                Integer before = level.put(d.device(), now);
                if (before != null && now > before) {
                    assertThat(d.fCnt()).as("%s rose at %s", d.device(), d.time()).isLessThan(previous.get(d.device()).fCnt());
                    refills++;
                }
            }
            previous.put(d.device(), d);
        }
        assertThat(refills).isPositive();
    }

    @Test
    void carbonDioxideRisesWithThePeopleInTheRoom() throws Exception {
        Simulation sim = new Simulation(SITE, 8, START);
        List<DecodedMessage> decoded = decodeAll(run(sim, END));
        var lib = sim.truth().occupancy().get("lib");
        double emptyMax = 0;
        double busyMax = 0;
        for (DecodedMessage d : decoded) {
            if (!d.device().equals("24e124710c400001")) {
                continue;
            }
            for (Reading r : d.readings()) {
                if (r.environment() != null) {
                    int people = lib.get(r.eventTime().minusSeconds(60)).occupancy();
                    double co2 = r.environment().co2Ppm();
                    assertThat(co2).isBetween(380.0, 2000.0);
                    if (people == 0) {
                        emptyMax = Math.max(emptyMax, co2);
                    } else {
                        busyMax = Math.max(busyMax, co2);
                    }
                }
            }
        }
        System.out.printf("library CO2: %.0f ppm at most while empty, %.0f ppm at most with people%n", emptyMax, busyMax);
        assertThat(busyMax).isGreaterThan(emptyMax + 100);
    }

    @Test
    void aSiteFileTheSimulatorCannotRunAsWrittenIsRefusedWithTheReason() {
        String head = "timezone: UTC\nsites: [{id: s}]\nzones: [{id: z, site: s, capacity: 10}]\n"
                + "gates: [{id: g, from: outside, to: z}]\ndevices:\n";
        assertThatThrownBy(() -> simulate(head + "  - {id: d1, model: footfall-json, envelope: ttn-v3, gate: g}\n"))
                .hasMessageContaining("d1").hasMessageContaining("publishes its own JSON");
        assertThatThrownBy(() -> simulate(head + "  - {id: \"24e1240000000001\", model: milesight-vs133, envelope: footfall-json, gate: g}\n"))
                .hasMessageContaining("LoRaWAN device");
        assertThatThrownBy(() -> simulate(head + "  - {id: \"24e1240000000001\", model: milesight-vs121}\n"))
                .hasMessageContaining("no zone");
        assertThatThrownBy(() -> simulate(head + "  - {id: \"24e1240000000001\", model: milesight-vs350, lines: {2: g}}\n"))
                .hasMessageContaining("lines 1 to 1, not 2");
        assertThatThrownBy(() -> simulate(head + "  - {id: \"24e1240000000001\", model: milesight-vs133, zone: z}\n"))
                .hasMessageContaining("no gate");
        assertThatThrownBy(() -> simulate(head + "  - {id: \"24e1240000000001\", model: milesight-am307, gate: g}\n"))
                .hasMessageContaining("counts no lines");
    }

    private static void simulate(String yaml) {
        new Simulation(SiteModel.parse(yaml), 1, START);
    }
}
