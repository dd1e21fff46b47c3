package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import se.helsingborg.footfall.ingest.codec.CodecException;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.codec.DeviceCodecs;
import se.helsingborg.footfall.ingest.codec.FootfallJsonCodec;
import se.helsingborg.footfall.ingest.codec.UplinkContext;

/**
 * The way from the devices to the broker: gateways, the network server and its MQTT integration.
 * Without faults every uplink arrives once, when it was sent. The network-side faults live here:
 * uplinks heard twice ({@link Fault#DUPLICATES}), a gateway that buffers and flushes
 * ({@link Fault#LATE}), payloads that are not the device's format ({@link Fault#GARBAGE}) and
 * envelopes that are not JSON ({@link Fault#MALFORMED_JSON}).
 */
final class Network {
    static final double DUPLICATE_SHARE = 0.1;
    static final double GARBAGE_SHARE = 0.02;
    static final double MALFORMED_SHARE = 0.02;
    /** Gateway outages a day, and how long each lasts. */
    static final int OUTAGES_PER_DAY = 3;
    static final Duration SHORTEST_OUTAGE = Duration.ofMinutes(3);
    static final Duration LONGEST_OUTAGE = Duration.ofMinutes(12);

    private record Pending(Instant deliverAt, long order, SimulatedMessage message) {}

    private final Faults faults;
    private final FaultSchedule schedule;
    private final SplittableRandom duplicates;
    private final SplittableRandom garbage;
    private final SplittableRandom malformed;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
            Comparator.comparing(Pending::deliverAt).thenComparingLong(Pending::order));
    private long order;

    Network(Faults faults, FaultSchedule schedule) {
        this.faults = faults;
        this.schedule = schedule;
        this.duplicates = schedule.random(Fault.DUPLICATES, -1);
        this.garbage = schedule.random(Fault.GARBAGE, -1);
        this.malformed = schedule.random(Fault.MALFORMED_JSON, -1);
    }

    /** Takes the uplinks sent up to {@code upTo} (in time order) and returns what reaches the broker by then, in order. */
    List<SimulatedMessage> deliver(List<DeviceUplink> sent, Instant upTo) {
        for (DeviceUplink u : sent) {
            boolean radio = u.server().lorawan();
            route(u.message(), u.sent(), radio);
            if (faults.has(Fault.DUPLICATES) && duplicates.nextDouble() < DUPLICATE_SHARE) {
                // Footfall JSON has no radio: its duplicates are the same message published again
                // (an MQTT client resending at QoS 1 for want of an acknowledgement), byte for byte.
                double rssi = radio ? u.uplink().rssiDbm() : 0;
                if (duplicates.nextBoolean()) {
                    // A second gateway heard the same frame: same time, another signal strength.
                    route(u.message(u.sent(), rssi - 3 - duplicates.nextInt(15), u.sent()), u.sent(), radio);
                } else {
                    // The device sent the frame again (LoRaWAN NbTrans): same frame counter, seconds later.
                    Instant again = u.sent().plusSeconds(1 + duplicates.nextLong(20));
                    route(u.message(again, rssi, again), again, radio);
                }
            }
            if (faults.has(Fault.GARBAGE) && garbage.nextDouble() < GARBAGE_SHARE) {
                Instant at = u.sent().plusMillis(1 + garbage.nextLong(5_000));
                route(garbled(u, at), at, radio);
            }
            if (faults.has(Fault.MALFORMED_JSON) && malformed.nextDouble() < MALFORMED_SHARE) {
                Instant at = u.sent().plusMillis(1 + malformed.nextLong(5_000));
                byte[] whole = u.message().payload();
                // Any proper prefix of a JSON object is not JSON: the integration (or the IP
                // counter's own MQTT client) cut the message short.
                byte[] cut = Arrays.copyOf(whole, 1 + malformed.nextInt(whole.length - 1));
                route(new SimulatedMessage(at, u.topic(), cut), at, radio);
            }
        }
        List<SimulatedMessage> out = new ArrayList<>();
        while (!pending.isEmpty() && !pending.peek().deliverAt().isAfter(upTo)) {
            out.add(pending.poll().message());
        }
        return out;
    }

    /** What is still held (a gateway's buffer at the end of the simulation), in delivery order. */
    List<SimulatedMessage> drain() {
        List<SimulatedMessage> out = new ArrayList<>();
        while (!pending.isEmpty()) {
            out.add(pending.poll().message());
        }
        return out;
    }

    /**
     * Sends a message on, or holds it in the gateway's buffer when the gateway is cut off. The
     * network server stamps a buffered uplink with the gateway's receive time, so it arrives with
     * its true time, minutes late; the buffer is flushed newest first, out of order. Footfall JSON
     * does not go through a gateway, so {@link Fault#LATE} does not apply to it.
     */
    private void route(SimulatedMessage m, Instant at, boolean viaGateway) {
        FaultSchedule.Window outage = faults.has(Fault.LATE) && viaGateway
                ? schedule.windowAt(Fault.LATE, -1, at, OUTAGES_PER_DAY, SHORTEST_OUTAGE, LONGEST_OUTAGE) : null;
        if (outage == null) {
            pending.add(new Pending(at, order++, m));
        } else {
            pending.add(new Pending(outage.to(), -(order++), new SimulatedMessage(outage.to(), m.topic(), m.payload())));
        }
    }

    /**
     * The uplink with a payload its codec cannot read, in a well-formed envelope. For the binary
     * formats: a first byte that is no channel or type of the Milesight and Elsys formats, then
     * noise, drawn again while the model's own codec can still read it (a Terabee or Browan message
     * is any 9 or 8 bytes). For Footfall JSON, whose envelope is the message: a message with the
     * device and time right and counts the codec refuses.
     */
    private SimulatedMessage garbled(DeviceUplink u, Instant at) {
        if (!u.server().lorawan()) {
            return new SimulatedMessage(at, u.topic(), unreadableJson(u, at));
        }
        DeviceCodec codec = DeviceCodecs.forModel(u.device().model()).orElseThrow();
        while (true) {
            byte[] noise = new byte[1 + garbage.nextInt(12)];
            for (int i = 1; i < noise.length; i++) {
                noise[i] = (byte) garbage.nextInt(256);
            }
            noise[0] = 0x00;
            if (!readable(codec, u, noise, at)) {
                return u.withPayload(noise, at).message(at, u.uplink().rssiDbm(), at);
            }
        }
    }

    private static boolean readable(DeviceCodec codec, DeviceUplink u, byte[] payload, Instant at) {
        try {
            codec.decode(payload, new UplinkContext(u.device(), u.uplink().fPort(), u.uplink().fCnt(), at, at));
            return true;
        } catch (CodecException | RuntimeException e) {
            return false;
        }
    }

    private byte[] unreadableJson(DeviceUplink u, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", u.device().id());
        m.put("time", at.toString());
        switch (garbage.nextInt(3)) {
            case 0 -> m.put("type", "lines");
            case 1 -> {
                m.put("type", "line");
                m.put("in", -1 - garbage.nextInt(100));
                m.put("out", 0);
                m.put("period_s", u.device().reportingIntervalSeconds());
            }
            default -> {
                m.put("type", "area");
                m.put("count", "some");
            }
        }
        return new FootfallJsonCodec().encode(m);
    }
}
