package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.envelope.TtnV3Envelope;
import se.helsingborg.footfall.ingest.envelope.Uplink;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * The site file's line counters, counting simulated crossings and reporting as the real devices
 * do: at every reporting interval (aligned to whole intervals of the clock) an uplink with the
 * period's counts and the running totals per line, encoded by the model's codec and wrapped in its
 * network server's envelope, with a frame counter that rises by one per uplink.
 */
public final class DeviceFleet {
    static final String APPLICATION = "footfall-sim";
    static final String TENANT = "ttn";

    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final Map<String, List<Line>> linesByGate = new HashMap<>();
    private final TtnV3Envelope ttn = new TtnV3Envelope();

    private static final class Line {
        final int number;
        long periodIn, periodOut, totalIn, totalOut;

        Line(int number) {
            this.number = number;
        }
    }

    private static final class SimulatedDevice {
        final Device device;
        final DeviceCodec codec;
        final Map<Integer, Line> lines = new LinkedHashMap<>();
        long fCnt;

        SimulatedDevice(Device device, DeviceCodec codec) {
            this.device = device;
            this.codec = codec;
        }
    }

    public DeviceFleet(SiteModel site) {
        for (Device d : site.devices()) {
            if (d.lines().isEmpty()) {
                continue; // not a line counter; other kinds of device arrive with their codecs
            }
            if (!d.envelope().equals(TtnV3Envelope.NAME)) {
                throw new IllegalArgumentException("device " + d.id() + ": the simulator emits " + TtnV3Envelope.NAME
                        + " uplinks so far, not " + d.envelope());
            }
            DeviceCodec codec = DeviceCodecs.forModel(d.model()).orElseThrow(() ->
                    new IllegalArgumentException("device " + d.id() + ": no codec for model " + d.model()));
            SimulatedDevice sim = new SimulatedDevice(d, codec);
            d.lines().forEach((number, gate) -> {
                Line line = new Line(number);
                sim.lines.put(number, line);
                linesByGate.computeIfAbsent(gate, g -> new ArrayList<>()).add(line);
            });
            devices.add(sim);
        }
    }

    /** Counts a crossing on every line that watches its gate. */
    public void count(GateCrossing crossing) {
        for (Line line : linesByGate.getOrDefault(crossing.gateId(), List.of())) {
            if (crossing.in()) {
                line.periodIn++;
                line.totalIn++;
            } else {
                line.periodOut++;
                line.totalOut++;
            }
        }
    }

    /** The uplinks of every device whose reporting time falls in (after, upTo]. */
    public List<SimulatedMessage> report(Instant after, Instant upTo) {
        List<SimulatedMessage> out = new ArrayList<>();
        for (SimulatedDevice d : devices) {
            long interval = d.device.reportingIntervalSeconds();
            long first = Math.floorDiv(after.getEpochSecond(), interval) + 1;
            for (long k = first; k * interval <= upTo.getEpochSecond(); k++) {
                out.add(uplink(d, Instant.ofEpochSecond(k * interval)));
            }
        }
        out.sort(java.util.Comparator.comparing(SimulatedMessage::time));
        return out;
    }

    private SimulatedMessage uplink(SimulatedDevice d, Instant at) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Line line : d.lines.values()) {
            String p = "line_" + line.number + "_";
            // Totals are uint32 on the device: they wrap, as the real counters do.
            fields.put(p + "total_in", line.totalIn & 0xFFFF_FFFFL);
            fields.put(p + "total_out", line.totalOut & 0xFFFF_FFFFL);
            fields.put(p + "period_in", line.periodIn);
            fields.put(p + "period_out", line.periodOut);
            line.periodIn = 0;
            line.periodOut = 0;
        }
        d.fCnt++;
        byte[] payload = d.codec.encode(fields);
        String ttsId = "eui-" + d.device.id();
        Uplink uplink = new Uplink(TtnV3Envelope.NAME, null, d.device.id(), d.codec.fPort(), d.fCnt, at, payload,
                -70.0 - (d.fCnt % 30), 7.5);
        return new SimulatedMessage(at, TtnV3Envelope.topic(APPLICATION, TENANT, ttsId), ttn.encode(uplink, APPLICATION, ttsId));
    }
}
