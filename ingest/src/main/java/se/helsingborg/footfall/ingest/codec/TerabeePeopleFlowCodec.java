package se.helsingborg.footfall.ingest.codec;

import static se.helsingborg.footfall.ingest.codec.BigEndian.u16;
import static se.helsingborg.footfall.ingest.codec.BigEndian.u32;
import static se.helsingborg.footfall.ingest.codec.BigEndian.write;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * Terabee People Flow Counting M and L/XL: ceiling-mounted time-of-flight counters over one
 * doorway, with running totals in and out.
 *
 * <p>Both send their counts periodically (every push period) as 9 bytes: total in and total out
 * (uint32, big-endian) and a byte of status flags; the M on port 82, the L/XL on port 1. Both answer
 * commands on ports of their own (2 counts, 3 reboot, 4 versions, 5 Wi-Fi access point, 6 rejoin,
 * 100 counting parameters; the M also 8 analog output, the L/XL also 7 time sync, 101 counting area
 * and 102 setting it): an answer carrying a value starts with the command id, an acknowledgement is
 * {@code FF}, the command id and {@code 00} (done) or {@code FF} (failed). Reading the counts on
 * demand (port 2, command 2) gives the totals too. The two models differ in the counting port, the
 * flags, and the commands' ids, names and value formats (the M's push period is uint32 seconds,
 * the L/XL's uint16 minutes, for example); those differences are the {@link Commands} each is built
 * with.
 *
 * <p>Field names and values follow Terabee's decoders in the TTN device repository
 * ({@code vendor/terabee/people-flow-counting-m.js}, {@code people-flow-counting-l-xl.js}), with
 * their nested objects flattened by joining names with underscores: {@code flags.TPC_STUCK} is
 * {@code flags_TPC_STUCK}, {@code cmd.value.mounting_height} is {@code cmd_value_mounting_height};
 * lists (the area's points) stay lists.
 */
public final class TerabeePeopleFlowCodec implements DeviceCodec {
    public static final String PFC_M = "terabee-pfc-m";
    public static final String PFC_LXL = "terabee-pfc-lxl";
    private static final int COUNTS_LENGTH = 9;
    private static final int AREA_PORT = 101;

    private final String model;
    private final int countingPort;
    private final List<String> flags;
    private final Commands commands;
    private final boolean hasArea;

    private TerabeePeopleFlowCodec(String model, int countingPort, List<String> flags, Commands commands, boolean hasArea) {
        this.model = model;
        this.countingPort = countingPort;
        this.flags = flags;
        this.commands = commands;
        this.hasArea = hasArea;
    }

    public static TerabeePeopleFlowCodec m() {
        Commands c = new Commands();
        c.add(2, 1, "CMD_CNT_RST").add(2, 2, "CMD_CNT_GET", TerabeePeopleFlowCodec::counts).add(2, 130, "CMD_CNT_SET");
        c.add(3, 1, "CMD_DEVICE_REBOOT").add(3, 2, "CMD_TPC_RST");
        c.add(4, 138, "CMD_GET_SW_VER", v -> {
            // The version is text after one byte, ending in a character the decoder drops.
            need(v, 11, "CMD_GET_SW_VER");
            return Map.of("software_version", text(v, 1, 9));
        });
        c.add(4, 128, "CMD_GET_DEVICE_TYPE", v -> {
            need(v, 3, "CMD_GET_DEVICE_TYPE");
            String type = text(v, 0, 3);
            return Map.of("device_type", type.equals("XXX") ? "not recognized" : type);
        });
        c.add(4, 139, "CMD_GET_LORA_MODULE_VERSION", v -> {
            need(v, 10, "CMD_GET_LORA_MODULE_VERSION");
            boolean failed = (v[0] & 0xFF) == 0xFF && (v[1] & 0xFF) == 0xFF && (v[2] & 0xFF) == 0xFF;
            return Map.of("lora_module_version", failed ? "failure to retrieve" : text(v, 0, 10));
        });
        c.add(5, 1, "CMD_GET_ACCESS_POINT_STATE", v -> Map.of("state", flag(v, "ENABLED", "DISABLED")));
        c.add(5, 129, "CMD_SET_ACCESS_POINT_STATE");
        c.add(6, 1, "CMD_FORCE_REJOIN");
        c.add(8, 1, "CMD_GET_ANALOG_OUTPUT", v -> {
            need(v, 3, "CMD_GET_ANALOG_OUTPUT");
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("state", (v[0] & 0xFF) == 1 ? "ENABLED" : "DISABLED");
            m.put("max_occupancy", u16(v, 1));
            return m;
        });
        c.add(8, 129, "CMD_SET_ANALOG_OUTPUT");
        c.add(100, 129, "CMD_SET_HEIGHT").add(100, 1, "CMD_GET_HEIGHT", TerabeePeopleFlowCodec::mountingHeight);
        c.add(100, 130, "CMD_SET_COUNTING_DIRECTION");
        c.add(100, 2, "CMD_GET_COUNTING_DIRECTION", v -> Map.of("direction", flag(v, "IN", "OUT")));
        c.add(100, 131, "CMD_SET_PUSH_PERIOD").add(100, 3, "CMD_GET_PUSH_PERIOD", v -> {
            need(v, 4, "CMD_GET_PUSH_PERIOD");
            return Map.of("push_period_s", u32(v, 0));
        });
        c.add(100, 132, "CMD_SET_CABLE_CONNECTION");
        c.add(100, 4, "CMD_GET_CABLE_CONNECTION", v -> Map.of("cable_position", flag(v, "LEFT", "RIGHT")));
        return new TerabeePeopleFlowCodec(PFC_M, 82, List.of("TPC_STOPPED", "TPC_STUCK", "NETWORK_ON"), c, false);
    }

    public static TerabeePeopleFlowCodec lxl() {
        Commands c = new Commands();
        c.add(2, 1, "CMD_CNT_RST").add(2, 2, "CMD_CNT_GET", TerabeePeopleFlowCodec::counts).add(2, 130, "CMD_CNT_SET");
        c.add(3, 1, "CMD_DEV_RBT").add(3, 2, "CMD_TPC_RST");
        List<String> versions = List.of("PEOPLE_COUNTING", "WEB_GUI", "LORA_AGENT", "ACCESS_POINT", "UPDATER_WEB_GUI", "FAN_SERVICE");
        for (int k = 0; k < versions.size(); k++) {
            String name = "CMD_GET_VER_" + versions.get(k);
            c.add(4, k + 1, name, v -> {
                need(v, 3, name);
                return Map.of("software_version", (v[0] & 0xFF) + "." + (v[1] & 0xFF) + "." + (v[2] & 0xFF));
            });
        }
        c.add(5, 1, "CMD_GET_AP_STATE", v -> Map.of("state", flag(v, "enabled", "disabled"))).add(5, 129, "CMD_SET_AP_STATE");
        c.add(6, 1, "CMD_FORCE_REJOIN");
        c.add(7, 1, "CMD_FORCE_TIME_SYNC");
        c.add(100, 1, "CMD_GET_HEIGHT", TerabeePeopleFlowCodec::mountingHeight).add(100, 129, "CMD_SET_HEIGHT");
        c.add(100, 2, "CMD_GET_REVERSE", v -> Map.of("direction", flag(v, "reversed", "normal"))).add(100, 130, "CMD_SET_REVERSE");
        c.add(100, 3, "CMD_GET_PUSH_PERIOD", v -> {
            need(v, 2, "CMD_GET_PUSH_PERIOD");
            return Map.of("push_period_min", u16(v, 0));
        });
        c.add(100, 131, "CMD_SET_PUSH_PERIOD");
        c.add(102, 0, "CMD_SET_AREA_PTS");
        return new TerabeePeopleFlowCodec(PFC_LXL, 1,
                List.of("TPC_STOPPED", "TPC_STUCK", "MULTI_DEV_ISSUE", "WIFI_AP_ENABLED"), c, true);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public int fPort() {
        return countingPort;
    }

    @Override
    public boolean acceptsPort(int fPort) {
        return fPort == countingPort || commands.hasPort(fPort) || (hasArea && fPort == AREA_PORT);
    }

    @Override
    public Decoded decode(byte[] b, UplinkContext ctx) throws CodecException {
        Map<String, Object> f = new LinkedHashMap<>();
        int port = ctx.fPort();
        if (port == countingPort) {
            if (b.length != COUNTS_LENGTH) {
                throw new CodecException("counting data has " + COUNTS_LENGTH + " bytes, not " + b.length);
            }
            f.put("count_in", u32(b, 0));
            f.put("count_out", u32(b, 4));
            for (int bit = 0; bit < flags.size(); bit++) {
                if ((b[8] & (1 << bit)) != 0) {
                    f.put("flags_" + flags.get(bit), 1);
                }
            }
        } else if (hasArea && port == AREA_PORT) {
            f.put("cmd_name", "CMD_GET_AREA_PTS");
            f.put("cmd_id", null);
            f.put("cmd_success", true);
            area(b, f);
        } else if (commands.hasPort(port)) {
            command(b, port, f);
        } else {
            throw new CodecException("unknown port " + port);
        }
        return new Decoded(f, readings(f, ctx));
    }

    private void command(byte[] b, int port, Map<String, Object> f) throws CodecException {
        if (b.length == 0) {
            throw new CodecException("empty payload");
        }
        boolean acknowledgement = (b[0] & 0xFF) == 0xFF;
        if (acknowledgement && b.length != 3) {
            throw new CodecException("an acknowledgement has 3 bytes, not " + b.length);
        }
        int id = b[acknowledgement ? 1 : 0] & 0xFF;
        Command c = commands.get(port, id);
        if (c == null) {
            throw new CodecException("unknown command " + id + " on port " + port);
        }
        f.put("cmd_name", c.name());
        f.put("cmd_id", id);
        f.put("cmd_success", !acknowledgement || (b[2] & 0xFF) != 0xFF);
        if (!acknowledgement) {
            if (c.value() == null) {
                throw new CodecException(c.name() + " is only acknowledged, it carries no value");
            }
            byte[] value = java.util.Arrays.copyOfRange(b, 1, b.length);
            c.value().read(value).forEach((k, v) -> f.put("cmd_value_" + k, v));
        }
    }

    /** The counting area's corners: their number, then 7-bit x and 6-bit y each, packed to the right. */
    private static void area(byte[] b, Map<String, Object> f) throws CodecException {
        if (b.length == 0) {
            throw new CodecException("empty payload");
        }
        int points = b[0] & 0xFF;
        int bytes = b.length - 1;
        if (bytes != (points * 13 + 7) / 8) {
            throw new CodecException(points + " area points need " + (points * 13 + 7) / 8 + " bytes, not " + bytes);
        }
        int padding = bytes * 8 - points * 13;
        List<Map<String, Object>> list = new ArrayList<>();
        for (int p = 0; p < points; p++) {
            int start = padding + p * 13;
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("x", bits(b, start, 7));
            point.put("y", bits(b, start + 7, 6));
            list.add(point);
        }
        f.put("cmd_value_nb_of_points", points);
        f.put("cmd_value_points", list);
    }

    /** {@code n} bits from bit {@code start} of the bytes after the first, most significant first. */
    private static int bits(byte[] b, int start, int n) {
        int v = 0;
        for (int k = start; k < start + n; k++) {
            v = v << 1 | (b[1 + k / 8] >> (7 - k % 8)) & 1;
        }
        return v;
    }

    private static Map<String, Object> counts(byte[] v) throws CodecException {
        need(v, 8, "CMD_CNT_GET");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count_in", u32(v, 0));
        m.put("count_out", u32(v, 4));
        return m;
    }

    private static Map<String, Object> mountingHeight(byte[] v) throws CodecException {
        need(v, 2, "CMD_GET_HEIGHT");
        return Map.of("mounting_height", u16(v, 0));
    }

    /** A one-byte setting: 1 is the first label, anything else the second, as the decoders read it. */
    private static String flag(byte[] v, String one, String other) throws CodecException {
        need(v, 1, "setting");
        return (v[0] & 0xFF) == 1 ? one : other;
    }

    private static String text(byte[] v, int from, int length) {
        return new String(v, from, length, StandardCharsets.ISO_8859_1);
    }

    private static void need(byte[] v, int n, String command) throws CodecException {
        if (v.length < n) {
            throw new CodecException(command + " needs " + n + " value bytes, has " + v.length);
        }
    }

    private List<Reading> readings(Map<String, Object> f, UplinkContext ctx) {
        String gate = ctx.device().gateOfLine(1);
        if (gate == null) {
            return List.of();
        }
        String prefix = f.containsKey("count_in") ? "" : "cmd_value_";
        if (!f.containsKey(prefix + "count_in")) {
            return List.of();
        }
        return List.of(Reading.of(ctx.device().id(), ctx.time(), ctx.receivedAt(), ctx.fCnt(), LineCrossings.cumulative(
                gate, 1, ((Number) f.get(prefix + "count_in")).longValue(), ((Number) f.get(prefix + "count_out")).longValue())));
    }

    /** The counting message: {@code count_in}, {@code count_out} and any {@code flags_*} set to 1. */
    @Override
    public byte[] encode(Map<String, Object> f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, ((Number) f.get("count_in")).longValue(), 4);
        write(out, ((Number) f.get("count_out")).longValue(), 4);
        int flagByte = 0;
        for (int bit = 0; bit < flags.size(); bit++) {
            Object v = f.get("flags_" + flags.get(bit));
            if (v != null && ((Number) v).intValue() != 0) {
                flagByte |= 1 << bit;
            }
        }
        out.write(flagByte);
        return out.toByteArray();
    }

    /** What a command's answer carries, read from the bytes after its id. */
    @FunctionalInterface
    interface ValueReader {
        Map<String, Object> read(byte[] value) throws CodecException;
    }

    record Command(String name, ValueReader value) {}

    /** A model's commands by port and id. */
    static final class Commands {
        private final Map<Integer, Map<Integer, Command>> byPort = new LinkedHashMap<>();

        Commands add(int port, int id, String name) {
            return add(port, id, name, null);
        }

        Commands add(int port, int id, String name, ValueReader value) {
            byPort.computeIfAbsent(port, p -> new LinkedHashMap<>()).put(id, new Command(name, value));
            return this;
        }

        boolean hasPort(int port) {
            return byPort.containsKey(port);
        }

        Command get(int port, int id) {
            return byPort.getOrDefault(port, Map.of()).get(id);
        }
    }
}
