package se.helsingborg.footfall.simulators;

/**
 * How a line counter fails to count: the share of crossings it misses in each direction of the
 * gate ({@code in} is from → to), each drawn on its own, and the share of close followers it
 * counts as one with the person ahead ({@code group}): real counters mostly miss people walking
 * close together, so those misses come with busy doors. A close follower crosses the same line in
 * the same direction within {@link #GROUP_GAP_MILLIS} of the one ahead. Zero (the default) counts
 * exactly.
 */
public record MissRate(double in, double out, double group) {
    public static final MissRate NONE = new MissRate(0, 0, 0);
    /** Two people this close on a line are one shape to its sensor. */
    public static final long GROUP_GAP_MILLIS = 1_500;

    public MissRate {
        if (!(in >= 0 && in <= 1 && out >= 0 && out <= 1 && group >= 0 && group <= 1)) {
            throw new IllegalArgumentException("a miss rate is between 0 and 1, not in=" + in + " out=" + out + " group=" + group);
        }
    }

    /** Misses per direction only, no groups. */
    public MissRate(double in, double out) {
        this(in, out, 0);
    }

    /**
     * Reads {@code 0.01} (both directions), or directions with their rates such as
     * {@code exit=0.01} or {@code in=0.005,out=0.02}; {@code entry} is {@code in} and {@code exit} is
     * {@code out}; {@code group=0.5} counts half of the close followers as one with the person ahead.
     */
    public static MissRate parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        double in = 0;
        double out = 0;
        double group = 0;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            try {
                if (kv.length == 1) {
                    in = out = Double.parseDouble(kv[0]);
                    continue;
                }
                double rate = Double.parseDouble(kv[1].trim());
                switch (kv[0].trim().toLowerCase(java.util.Locale.ROOT)) {
                    case "in", "entry", "entries" -> in = rate;
                    case "out", "exit", "exits" -> out = rate;
                    case "group", "groups" -> group = rate;
                    default -> throw new IllegalArgumentException("--miss-rate: no direction '" + kv[0].trim()
                            + "' (in/entry, out/exit or group)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--miss-rate takes e.g. 0.01 or exit=0.01,in=0.005,group=0.5, not " + text);
            }
        }
        return new MissRate(in, out, group);
    }

    public double of(boolean inward) {
        return inward ? in : out;
    }

    public boolean isNone() {
        return in == 0 && out == 0 && group == 0;
    }
}
