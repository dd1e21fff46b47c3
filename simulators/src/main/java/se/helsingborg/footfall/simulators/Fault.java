package se.helsingborg.footfall.simulators;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The ways a real deployment breaks, each switched on by its name ({@code simulate --faults}).
 * How often each happens is fixed here, frequent enough that a simulated day shows every one.
 */
public enum Fault {
    /**
     * The same uplink (device and frame counter) arrives again: a second gateway heard it, or the
     * device retransmitted. For Footfall JSON (no radio) the same message is published again, as an
     * MQTT client does that got no acknowledgement.
     */
    DUPLICATES("duplicates"),
    /**
     * A gateway loses its backhaul, buffers what it hears and forwards it all at once, newest first,
     * minutes late. Not for Footfall JSON devices: they publish over IP, past no gateway.
     */
    LATE("late"),
    /** A device drops off the network for a while (its uplinks are lost; it keeps counting) and comes back. */
    OFFLINE("offline"),
    /**
     * A device reboots: its running totals and its frame counter (Footfall JSON: message id) start
     * again from zero, the open period is lost. A battery model reboots when its cells are changed,
     * so its charge is full again; a model on mains has no charge to reset.
     */
    REBOOT("reboot"),
    /**
     * Running totals are 16-bit and start close to the top, so they wrap around during the day. It
     * applies to the models with 16-bit totals (VS350, IMBuildings) and to the Milesight VS133 and
     * VS135 as counters whose totals wrap early; not to Terabee (32-bit totals would take centuries),
     * Footfall JSON (numbers without a register's width) or devices that keep no totals (area,
     * climate and motion sensors).
     */
    WRAP("wrap"),
    /**
     * Now and then a payload the device's codec cannot read, in a well-formed envelope; for
     * Footfall JSON, whose envelope is the message, a message with counts the codec refuses.
     */
    GARBAGE("garbage"),
    /** Now and then an envelope that is not valid JSON (cut short). */
    MALFORMED_JSON("malformed-json"),
    /**
     * One device's clock is off by tens of seconds, so its reporting periods straddle the minutes.
     * A LoRaWAN device's messages still carry true times (the network server stamps them); a
     * Footfall JSON counter writes its own clock's times into its messages.
     */
    SKEW("skew"),
    /** Once a day, for a few minutes, every device reports at many times its normal rate. */
    BURST("burst");

    private final String id;

    Fault(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Fault named(String name) {
        for (Fault f : values()) {
            if (f.id.equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("no fault named '" + name.trim() + "'; the faults are " + names());
    }

    /** Every fault's name, comma-separated, as {@code --faults} takes them. */
    public static String names() {
        return Arrays.stream(values()).map(Fault::id).collect(Collectors.joining(","));
    }
}
