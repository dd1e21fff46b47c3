package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * When the faults that last a while happen: a few windows per simulated day (24 hours from the
 * start), drawn from the seed, the fault and the device alone, so a fault's times stay the same
 * whatever else is switched on, and whichever order the simulation asks in. Windows open within
 * the first twelve hours of a day, so that a simulation that starts in the morning sees them.
 */
final class FaultSchedule {
    private static final Duration DAY = Duration.ofDays(1);

    record Window(Instant from, Instant to) {
        boolean contains(Instant t) {
            return !t.isBefore(from) && t.isBefore(to);
        }
    }

    private final long seed;
    private final Instant start;
    private final Map<String, List<Window>> drawn = new HashMap<>();

    FaultSchedule(long seed, Instant start) {
        this.seed = seed;
        this.start = start;
    }

    /** A random number stream of its own for one fault and one device (or -1 for the network). */
    SplittableRandom random(Fault fault, int device) {
        return new SplittableRandom(mix(seed, fault.ordinal(), device, -1));
    }

    /**
     * The windows of {@code fault} for {@code device} in the simulated day holding {@code t}:
     * {@code perDay} of them, each between {@code shortest} and {@code longest}, whole minutes.
     */
    List<Window> windows(Fault fault, int device, Instant t, int perDay, Duration shortest, Duration longest) {
        long day = Math.floorDiv(Duration.between(start, t).toMillis(), DAY.toMillis());
        return drawn.computeIfAbsent(fault.ordinal() + "/" + device + "/" + day, k -> {
            SplittableRandom r = new SplittableRandom(mix(seed, fault.ordinal(), device, day));
            Instant dayStart = start.plus(DAY.multipliedBy(day));
            List<Window> out = new ArrayList<>();
            for (int i = 0; i < perDay; i++) {
                long minutes = shortest.toMinutes() + r.nextLong(longest.toMinutes() - shortest.toMinutes() + 1);
                Instant from = dayStart.plus(Duration.ofMinutes(60 + r.nextLong(11 * 60 - minutes)));
                out.add(new Window(from, from.plus(Duration.ofMinutes(minutes))));
            }
            return out;
        });
    }

    /** The window of {@code fault} for {@code device} that holds {@code t}, or null. */
    Window windowAt(Fault fault, int device, Instant t, int perDay, Duration shortest, Duration longest) {
        for (Window w : windows(fault, device, t, perDay, shortest, longest)) {
            if (w.contains(t)) {
                return w;
            }
        }
        return null;
    }

    /** The random number stream that decides which people the counters miss. */
    SplittableRandom missedPeople() {
        return new SplittableRandom(mix(seed, Fault.values().length, -1, -1));
    }

    /** The random number stream of one device's sensors (what it measures beyond counts): never a fault's. */
    SplittableRandom sensor(int device) {
        return new SplittableRandom(mix(seed, Fault.values().length + 1, device, -1));
    }

    private static long mix(long seed, int fault, int device, long day) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h = (h ^ (h >>> 31)) + fault * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 29)) + device * 0x94D049BB133111EBL;
        return (h ^ (h >>> 32)) + day * 0x2545F4914F6CDD1DL;
    }
}
