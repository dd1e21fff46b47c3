package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import se.helsingborg.footfall.ingest.codec.DeviceCodec;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * One device of the site file as the simulator runs it: what its counters hold, its clock, its
 * frame counter, its battery and the air around it. Its {@link Firmware} turns that into the
 * vendor fields of its uplinks.
 */
final class SimulatedDevice {
    /** One counting line: the open period's counts and the running totals, in the gate's from → to direction and back. */
    static final class Line {
        final int number;
        long periodIn, periodOut, totalIn, totalOut;
        /** When someone last crossed it in each direction (epoch millis), counted or not: who follows close is in a group. */
        long lastIn = Long.MIN_VALUE / 2, lastOut = Long.MIN_VALUE / 2;

        Line(int number) {
            this.number = number;
        }
    }

    final int index;
    final Device device;
    final DeviceCodec codec;
    final NetworkServer server;
    final Firmware firmware;
    final Map<Integer, Line> lines = new LinkedHashMap<>();
    /** The device's own noise (sensor readings, movements): a stream of its own, apart from the visitors' and the faults'. */
    final SplittableRandom sensor;
    /** Null for a device on mains or PoE. */
    final Battery battery;
    final RoomClimate climate;
    /** Seconds the device's clock is ahead of true time (negative: behind). */
    long skewSeconds;
    /** Whether {@link Fault#WRAP} is on: some models' totals wrap early only then. */
    boolean wrapFault;
    /** The device-clock second of its latest report (scheduled). */
    long lastReport;
    /** The device-clock second its open counting period began. */
    long periodStart;
    long fCnt;
    /** Movements its motion sensor has counted since it started (models that send a running motion count). */
    long motionTotal;
    /** The device-clock second of the last movement it saw, or of its start. */
    long lastMotion;

    SimulatedDevice(int index, Device device, DeviceCodec codec, NetworkServer server, Firmware firmware,
            SplittableRandom sensor, int zoneCapacity, Instant start) {
        this.index = index;
        this.device = device;
        this.codec = codec;
        this.server = server;
        this.firmware = firmware;
        this.sensor = sensor;
        // Drawn whether or not the model has a battery, so that a device's noise does not depend on it.
        double charge = 35 + sensor.nextDouble() * 65;
        this.battery = firmware.onBattery() ? new Battery(charge, start) : null;
        this.climate = new RoomClimate(zoneCapacity, sensor, start);
        this.lastMotion = start.getEpochSecond();
    }
}
