package se.helsingborg.footfall.simulators;

import java.util.EnumSet;
import java.util.Set;

/** Which faults are switched on and how badly the counters count; {@link #NONE} is the clean baseline. */
public record Faults(Set<Fault> on, MissRate missRate) {
    public static final Faults NONE = new Faults(EnumSet.noneOf(Fault.class), MissRate.NONE);

    public Faults {
        on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
        missRate = missRate == null ? MissRate.NONE : missRate;
    }

    public static Faults of(Fault... faults) {
        return new Faults(faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.of(faults[0], faults), MissRate.NONE);
    }

    public static Faults all() {
        return new Faults(EnumSet.allOf(Fault.class), MissRate.NONE);
    }

    /** Reads {@code --faults}: fault names separated by commas, or {@code all}, or nothing. */
    public static Faults parse(String names, MissRate missRate) {
        EnumSet<Fault> on = EnumSet.noneOf(Fault.class);
        if (names != null && !names.isBlank()) {
            for (String name : names.split(",")) {
                if (name.trim().equalsIgnoreCase("all")) {
                    on.addAll(EnumSet.allOf(Fault.class));
                } else if (!name.isBlank()) {
                    on.add(Fault.named(name));
                }
            }
        }
        return new Faults(on, missRate);
    }

    public boolean has(Fault fault) {
        return on.contains(fault);
    }

    public Faults withMissRate(MissRate rate) {
        return new Faults(on, rate);
    }
}
