package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;

/**
 * The cells of a battery-powered sensor: a charge in percent that every uplink and every day of
 * sleep take a little from, never below zero. The figures give about a year at one uplink every five
 * minutes, the short end of what the vendors promise (their figures assume ten minutes or more and
 * no CO₂ sensor), so that a simulated week shows the fall. A battery is changed, not recharged: a
 * device that gets new cells restarts ({@link Fault#REBOOT}) with a full charge.
 */
final class Battery {
    /** What one uplink costs: the radio on at full power for a second, and the measurement before it. */
    static final double PERCENT_PER_UPLINK = 0.001;
    /** Sleep current and the cells' own self-discharge, about one percent a year. */
    static final double PERCENT_PER_DAY = 0.003;

    private double percent;
    private Instant last;

    Battery(double percent, Instant now) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a charge is 0 to 100 %, not " + percent);
        }
        this.percent = percent;
        this.last = now;
    }

    /** The charge left after sleeping until {@code now} and sending one uplink. */
    double drain(Instant now) {
        double days = Math.max(0, Duration.between(last, now).toMillis()) / 86_400_000.0;
        last = now.isAfter(last) ? now : last;
        percent = Math.max(0, percent - days * PERCENT_PER_DAY - PERCENT_PER_UPLINK);
        return percent;
    }

    /** New cells. */
    void replace(Instant now) {
        percent = 100;
        last = now;
    }

    double percent() {
        return percent;
    }

    boolean empty() {
        return percent <= 0;
    }

    /** The charge as a whole percent, as the Milesight sensors report it; rounded down, so a fresh cell reads 100 only when full. */
    int wholePercent() {
        return (int) Math.floor(percent);
    }

    /**
     * The cells' voltage for a charge, between {@code empty} and {@code full} volts. Lithium cells
     * hold their voltage for most of their life and fall at the end; a straight line is enough
     * for a simulation that only has to fall as the charge does.
     */
    double volts(double empty, double full) {
        return empty + (full - empty) * percent / 100.0;
    }
}
