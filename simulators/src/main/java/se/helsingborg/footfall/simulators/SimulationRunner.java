package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Plays a simulation to a consumer at a chosen speed: {@code speed} simulated seconds per real
 * second, or as fast as the consumer takes messages when the speed is {@link #MAX}.
 */
public final class SimulationRunner {
    public static final double MAX = Double.POSITIVE_INFINITY;

    private final Simulation simulation;
    private final double speed;
    private volatile boolean stopped;
    private volatile long published;

    public SimulationRunner(Simulation simulation, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be positive");
        }
        this.simulation = simulation;
        this.speed = speed;
    }

    /** Runs until the simulated clock reaches {@code end} or {@link #stop()} is called. */
    public void run(Instant end, Consumer<SimulatedMessage> sink) throws InterruptedException {
        Instant simStart = simulation.clock();
        long wallStart = System.nanoTime();
        boolean ended = false;
        while (!stopped && !ended) {
            List<SimulatedMessage> batch;
            if (simulation.clock().isBefore(end)) {
                batch = simulation.nextMinute();
            } else {
                batch = simulation.remaining();
                ended = true;
            }
            for (SimulatedMessage m : batch) {
                if (speed != MAX) {
                    long due = wallStart + (long) (Duration.between(simStart, m.time()).toNanos() / speed);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                if (stopped) {
                    return;
                }
                sink.accept(m);
                published++;
            }
        }
    }

    public void stop() {
        stopped = true;
    }

    public long published() {
        return published;
    }

    public Instant clock() {
        return simulation.clock();
    }
}
