package se.helsingborg.footfall.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.codec.BrowanTbms100Codec;
import se.helsingborg.footfall.ingest.codec.ElsysErsCodec;
import se.helsingborg.footfall.ingest.codec.FootfallJsonCodec;
import se.helsingborg.footfall.ingest.codec.ImbuildingsPeopleCounterCodec;
import se.helsingborg.footfall.ingest.codec.MilesightAm300Codec;
import se.helsingborg.footfall.ingest.codec.MilesightVs121Codec;
import se.helsingborg.footfall.ingest.codec.MilesightVs133Codec;
import se.helsingborg.footfall.ingest.codec.MilesightVs135Codec;
import se.helsingborg.footfall.ingest.codec.MilesightVs350Codec;
import se.helsingborg.footfall.ingest.codec.MilesightWs202Codec;
import se.helsingborg.footfall.ingest.codec.TerabeePeopleFlowCodec;
import se.helsingborg.footfall.ingest.site.Device;

/**
 * What a model's firmware puts in its uplinks: the vendor fields of its codec, filled from the
 * simulated device's counters, battery and air. One implementation per family of models that
 * report alike; each says what its hardware has (a battery, 16-bit totals) so that the faults
 * touch only what the model has.
 */
interface Firmware {
    /** One report, at true time {@code at}; the device's clock said {@code deviceSecond}. */
    /** {@code visitors}: who is in the device's zone now (what a presence sensor may see). */
    record Report(Instant at, long deviceSecond, long periodSeconds, int people, boolean hourTurned,
            java.util.Collection<Integer> visitors) {
        Instant deviceTime() {
            return Instant.ofEpochSecond(deviceSecond);
        }
    }

    /** The vendor fields of each uplink the device sends for this report (most send one). */
    List<Map<String, Object>> report(SimulatedDevice d, Report r);

    /** Whether the model runs on cells (and reports their charge), rather than on mains or PoE. */
    boolean onBattery();

    /**
     * Whether the model's running totals are 16 bits wide, so that they wrap at 65536
     * ({@link Fault#WRAP} starts them close to the top). {@code wrapFault}: whether that fault is
     * on, for models whose totals wrap early only then. Most models keep none, or wider ones.
     */
    default boolean sixteenBitTotals(boolean wrapFault) {
        return false;
    }

    /** The highest counting line the model has; 0 (the default) for a device that counts no lines. */
    default int lines() {
        return 0;
    }

    /** Whether the model counts the people in a zone, and so needs one. */
    default boolean countsArea() {
        return false;
    }

    /** Whether the model can count the people in a zone when the site file gives it one. */
    default boolean mayCountArea() {
        return countsArea();
    }

    static Firmware of(Device device) {
        return switch (device.model()) {
            case MilesightVs133Codec.MODEL -> new MilesightLineCounter(false);
            case MilesightVs135Codec.MODEL -> new MilesightLineCounter(true);
            case MilesightVs350Codec.MODEL -> new MilesightPassageCounter();
            case MilesightVs121Codec.MODEL -> new MilesightCamera();
            case MilesightWs202Codec.MODEL -> new MilesightPir();
            case MilesightAm300Codec.AM307 -> new MilesightAmbience(false);
            case MilesightAm300Codec.AM319 -> new MilesightAmbience(true);
            case ElsysErsCodec.ERS, ElsysErsCodec.ERS_CO2, ElsysErsCodec.ERS_EYE -> new ElsysRoomSensor(device.model());
            case ImbuildingsPeopleCounterCodec.MODEL -> new ImbuildingsBeam(device.id());
            case TerabeePeopleFlowCodec.PFC_M, TerabeePeopleFlowCodec.PFC_LXL -> new TerabeeFlowCounter();
            case BrowanTbms100Codec.MODEL -> new BrowanMotion();
            case FootfallJsonCodec.MODEL -> new FootfallJsonCounter(device.id());
            default -> throw new IllegalArgumentException("device " + device.id() + ": the simulator cannot emulate model "
                    + device.model());
        };
    }

    /** Movements a motion sensor sees in a period with {@code people} in its zone: none in an empty room. */
    static int movements(SimulatedDevice d, Report r) {
        if (r.people() == 0) {
            return 0;
        }
        double expected = Math.min(200, r.people() * r.periodSeconds() / 120.0);
        return (int) Math.min(255, Math.max(1, Math.round(expected * (0.5 + d.sensor.nextDouble()))));
    }

    /** Running totals and period counts per line, Milesight's field names. */
    private static void lineFields(SimulatedDevice d, Map<String, Object> f, long mask) {
        for (SimulatedDevice.Line line : d.lines.values()) {
            String p = "line_" + line.number + "_";
            f.put(p + "total_in", line.totalIn & mask);
            f.put(p + "total_out", line.totalOut & mask);
            f.put(p + "period_in", line.periodIn);
            f.put(p + "period_out", line.periodOut);
        }
    }

    /**
     * Milesight VS133 and VS135, ceiling ToF counters on PoE or DC: per line the period's counts and
     * the running totals (uint32 on the device; under {@link Fault#WRAP} a counter whose totals
     * wrap at 16 bits, to show what a wrap does). A VS135 over a zone also reports its four
     * regions, which together are the people it sees.
     */
    final class MilesightLineCounter implements Firmware {
        private final boolean regions;

        MilesightLineCounter(boolean regions) {
            this.regions = regions;
        }

        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            Map<String, Object> f = new LinkedHashMap<>();
            lineFields(d, f, sixteenBitTotals(d.wrapFault) ? 0xFFFFL : 0xFFFF_FFFFL);
            if (regions && d.device.zone() != null) {
                // The people spread over the regions; each region's count is one byte.
                for (int region = 1; region <= 4; region++) {
                    f.put("region_" + region + "_count", Math.min(255, r.people() / 4 + (region <= r.people() % 4 ? 1 : 0)));
                }
            }
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return false;
        }

        @Override
        public boolean sixteenBitTotals(boolean wrapFault) {
            return wrapFault;
        }

        @Override
        public int lines() {
            return 4;
        }

        @Override
        public boolean mayCountArea() {
            return regions;
        }
    }

    /** Milesight VS350, a battery passage counter over one door: battery, temperature, 16-bit totals, the period's counts. */
    final class MilesightPassageCounter implements Firmware {
        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            SimulatedDevice.Line line = d.lines.get(1);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("battery", d.battery.wholePercent());
            f.put("temperature", d.climate.temperatureC());
            f.put("total_in", line.totalIn & 0xFFFF);
            f.put("total_out", line.totalOut & 0xFFFF);
            f.put("period_in", line.periodIn);
            f.put("period_out", line.periodOut);
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return true;
        }

        @Override
        public boolean sixteenBitTotals(boolean wrapFault) {
            return true;
        }

        @Override
        public int lines() {
            return 1;
        }
    }

    /** Milesight VS121, a PoE camera counting the people in its view; its count is one byte, so 255 at most. */
    final class MilesightCamera implements Firmware {
        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("people_count_all", Math.min(255, r.people()));
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return false;
        }

        @Override
        public boolean sixteenBitTotals(boolean wrapFault) {
            return false; // it keeps no running totals
        }

        @Override
        public boolean countsArea() {
            return true;
        }
    }

    /** Milesight WS202, a battery PIR: triggered while anyone is in its zone, and a daylight switch. */
    final class MilesightPir implements Firmware {
        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("battery", d.battery.wholePercent());
            f.put("pir", r.people() > 0 ? "trigger" : "normal");
            f.put("light", r.people() > 0 ? "light" : "dark");
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return true;
        }
    }

    /**
     * Milesight AM307 (on battery) and AM319 (on USB power, so it sends no battery channel): the
     * room's climate, a PIR and a light level; the AM319 also particulates and formaldehyde.
     */
    final class MilesightAmbience implements Firmware {
        private final boolean am319;

        MilesightAmbience(boolean am319) {
            this.am319 = am319;
        }

        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            RoomClimate air = d.climate;
            double load = air.load(r.people());
            Map<String, Object> f = new LinkedHashMap<>();
            if (!am319) {
                f.put("battery", d.battery.wholePercent());
            }
            f.put("temperature", air.temperatureC());
            f.put("humidity", air.humidityPct());
            f.put(am319 ? "activity" : "pir", r.people() > 0 ? "trigger" : "idle");
            f.put("light_level", r.people() > 0 ? 3 : 1);
            f.put("co2", Math.min(5000, air.co2Ppm()));
            f.put("tvoc", (long) (60 + 180 * load + d.sensor.nextInt(10)));
            f.put("pressure", air.pressureHpa());
            if (am319) {
                f.put("hcho", Math.round((0.01 + 0.03 * load) * 100) / 100.0);
                f.put("pm2.5", (long) (4 + 10 * load + d.sensor.nextInt(3)));
                f.put("pm10", (long) (7 + 16 * load + d.sensor.nextInt(4)));
            }
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return !am319;
        }
    }

    /**
     * Elsys ERS, ERS CO2 and ERS Eye, battery room sensors: climate, light, PIR movements since the
     * last message and the battery's voltage; the CO2 model adds CO₂, the Eye its occupancy state.
     */
    final class ElsysRoomSensor implements Firmware {
        private final String model;

        ElsysRoomSensor(String model) {
            this.model = model;
        }

        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            RoomClimate air = d.climate;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("temperature", air.temperatureC());
            f.put("humidity", (int) Math.round(air.humidityPct()));
            f.put("light", r.people() > 0 ? 280 + d.sensor.nextInt(60) : 5 + d.sensor.nextInt(10));
            f.put("motion", movements(d, r));
            if (model.equals(ElsysErsCodec.ERS_CO2)) {
                f.put("co2", Math.min(10_000, air.co2Ppm()));
            }
            // Two 3.6 V lithium AA cells in parallel: 3.6 V fresh, the sensor stops near 2.8 V.
            f.put("vdd", (int) Math.round(d.battery.volts(2.8, 3.6) * 1000));
            if (model.equals(ElsysErsCodec.ERS_EYE)) {
                f.put("occupancy", r.people() > 0 ? 2 : 0);
            }
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return true;
        }
    }

    /**
     * IMBuildings' beam counter, on batteries: its periodic message (variant 6) with the battery
     * voltage, the counts since the last message, the 16-bit totals and a one-byte message counter.
     */
    final class ImbuildingsBeam implements Firmware {
        private final String deviceId;

        ImbuildingsBeam(String devEui) {
            this.deviceId = devEui.matches("[0-9a-f]{16}") ? devEui : "0000000000000000";
        }

        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            SimulatedDevice.Line line = d.lines.get(1);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("device_id", deviceId);
            f.put("device_status", 0);
            f.put("battery_voltage", Math.round(d.battery.volts(2.8, 3.6) * 100) / 100.0);
            f.put("counter_a", line.periodIn);
            f.put("counter_b", line.periodOut);
            f.put("sensor_status", 0);
            f.put("total_counter_a", line.totalIn & 0xFFFF);
            f.put("total_counter_b", line.totalOut & 0xFFFF);
            // Counts this message: the frame counter about to be used, as the device counts from its start.
            f.put("payload_counter", (d.fCnt + 1) & 0xFF);
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return true;
        }

        @Override
        public boolean sixteenBitTotals(boolean wrapFault) {
            return true;
        }

        @Override
        public int lines() {
            return 1;
        }
    }

    /**
     * Terabee People Flow Counting M and L/XL, on mains: running totals in and out only (uint32).
     * {@link Fault#WRAP} does not apply: a 32-bit total would take a busy door centuries to wrap.
     */
    final class TerabeeFlowCounter implements Firmware {
        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            SimulatedDevice.Line line = d.lines.get(1);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("count_in", line.totalIn & 0xFFFF_FFFFL);
            f.put("count_out", line.totalOut & 0xFFFF_FFFFL);
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return false;
        }

        @Override
        public int lines() {
            return 1;
        }
    }

    /**
     * Browan TBMS100, a coin-cell PIR: occupied or not, the cell's voltage in tenths, the board's
     * temperature, minutes since the last movement and its running count of movements (24 bits).
     */
    final class BrowanMotion implements Firmware {
        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            int moved = movements(d, r);
            if (moved > 0) {
                d.motionTotal += moved;
                d.lastMotion = r.deviceSecond();
            }
            // A 3.6 V lithium cell; the sensor reports 2.5–4.0 V in steps of 0.1 V.
            long tenths = Math.max(25, Math.min(40, Math.round(d.battery.volts(2.5, 3.6) * 10)));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("status", r.people() > 0 ? 1 : 0);
            f.put("battery", tenths / 10.0);
            f.put("temperatureBoard", (int) Math.round(d.climate.temperatureC()));
            f.put("time", Math.min(0xFFFF, (r.deviceSecond() - d.lastMotion) / 60));
            f.put("count", d.motionTotal & 0xFF_FFFF);
            return List.of(f);
        }

        @Override
        public boolean onBattery() {
            return true;
        }
    }

    /**
     * An IP counter speaking Footfall's own JSON (DESIGN §7), on mains. Over a gate: the period's
     * counts at every interval, and on the hour its running totals as well (what a counter that
     * keeps totals sends), so both forms of line count appear. Over a zone: the people in it. Its
     * clock writes the messages' times, so a skewed clock shows in them. {@link Fault#WRAP} does
     * not apply: JSON totals are not bounded by a register's width.
     */
    final class FootfallJsonCounter implements Firmware {
        private final String deviceId;

        FootfallJsonCounter(String deviceId) {
            this.deviceId = deviceId;
        }

        @Override
        public List<Map<String, Object>> report(SimulatedDevice d, Report r) {
            List<Map<String, Object>> out = new ArrayList<>();
            String time = r.deviceTime().toString();
            SimulatedDevice.Line line = d.lines.get(1);
            if (line != null) {
                Map<String, Object> period = message(time, "line");
                period.put("in", line.periodIn);
                period.put("out", line.periodOut);
                period.put("period_s", r.periodSeconds());
                out.add(period);
                if (r.hourTurned()) {
                    Map<String, Object> totals = message(time, "line");
                    totals.put("total_in", line.totalIn);
                    totals.put("total_out", line.totalOut);
                    out.add(totals);
                }
            }
            if (d.device.sendsPresence()) {
                // a sniffer hears the phones of the visitors who carry one, every report while they are inside
                Map<String, Object> presence = message(time, "presence");
                presence.put("ids", r.visitors().stream().filter(VisitorPhones::carries).map(VisitorPhones::mac).toList());
                out.add(presence);
            } else if (d.device.zone() != null) {
                Map<String, Object> area = message(time, "area");
                area.put("count", r.people());
                out.add(area);
            }
            return out;
        }

        private Map<String, Object> message(String time, String type) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("device", deviceId);
            m.put("time", time);
            m.put("type", type);
            return m;
        }

        @Override
        public boolean onBattery() {
            return false;
        }

        @Override
        public boolean mayCountArea() {
            return true;
        }

        @Override
        public int lines() {
            return 1;
        }
    }
}
