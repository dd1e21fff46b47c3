package se.helsingborg.footfall.simulators;

/**
 * The share of crossings a line counter fails to count, per direction of the gate ({@code in} is
 * from → to). Real counters mostly miss people walking close together, who are counted as one;
 * the simulation draws each crossing's miss independently with these probabilities. Zero (the
 * default) counts exactly.
 */
public record MissRate(double in, double out) {
    public static final MissRate NONE = new MissRate(0, 0);

    public MissRate {
        if (!(in >= 0 && in <= 1 && out >= 0 && out <= 1)) {
            throw new IllegalArgumentException("a miss rate is between 0 and 1, not in=" + in + " out=" + out);
        }
    }

    /**
     * Reads {@code 0.01} (both directions), or directions with their rates such as
     * {@code exit=0.01} or {@code in=0.005,out=0.02}; {@code entry} is {@code in} and {@code exit} is {@code out}.
     */
    public static MissRate parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        double in = 0;
        double out = 0;
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
                    default -> throw new IllegalArgumentException("--miss-rate: no direction '" + kv[0].trim()
                            + "' (in/entry or out/exit)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--miss-rate takes e.g. 0.01 or exit=0.01,in=0.005, not " + text);
            }
        }
        return new MissRate(in, out);
    }

    public double of(boolean inward) {
        return inward ? in : out;
    }

    public boolean isNone() {
        return in == 0 && out == 0;
    }
}
