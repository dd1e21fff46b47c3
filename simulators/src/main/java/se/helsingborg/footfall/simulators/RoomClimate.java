package se.helsingborg.footfall.simulators;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The air a climate sensor measures in its zone: CO₂, temperature and humidity that rise with the
 * people in the room and settle back as the ventilation catches up. Each follows the level the
 * room's current occupancy would hold it at, with a time constant of half an hour (a room's air
 * changed about twice an hour), plus a little sensor noise.
 *
 * <p>The levels are what a ventilated public room shows: outdoor CO₂ (about 420 ppm) when empty,
 * about 1,300 ppm full to capacity; 20.5 °C empty, two degrees warmer full; 30 % relative humidity
 * in a Swedish winter, ten points more full.
 */
final class RoomClimate {
    static final double OUTDOOR_CO2_PPM = 420;
    static final double CO2_FULL_PPM = 900;
    static final Duration TIME_CONSTANT = Duration.ofMinutes(30);
    /** Where the sensor's zone has no capacity: one person's share of a room for fifty. */
    private static final int DEFAULT_CAPACITY = 50;

    private final int capacity;
    private final SplittableRandom noise;
    private double co2 = OUTDOOR_CO2_PPM;
    private double temperature = 20.5;
    private double humidity = 30;
    private double pressure;
    private Instant last;

    RoomClimate(int capacity, SplittableRandom noise, Instant start) {
        this.capacity = capacity > 0 ? capacity : DEFAULT_CAPACITY;
        this.noise = noise;
        this.pressure = 1005 + noise.nextDouble() * 20;
        this.last = start;
    }

    /** Moves the air on to {@code now}, with {@code people} in the room since the last call. */
    void advance(Instant now, int people) {
        double load = Math.min(1.5, people / (double) capacity);
        double seconds = Math.max(0, Duration.between(last, now).toSeconds());
        double k = 1 - Math.exp(-seconds / TIME_CONSTANT.toSeconds());
        co2 += (OUTDOOR_CO2_PPM + CO2_FULL_PPM * load - co2) * k;
        temperature += (20.5 + 2.0 * load - temperature) * k;
        humidity += (30 + 10 * load - humidity) * k;
        pressure = Math.max(960, Math.min(1050, pressure + (noise.nextDouble() - 0.5) * 0.2));
        last = now.isAfter(last) ? now : last;
    }

    /** CO₂ as the sensor reads it, whole ppm; NDIR sensors are good to a few tens of ppm. */
    int co2Ppm() {
        return (int) Math.round(co2 + (noise.nextDouble() - 0.5) * 20);
    }

    /** Temperature in tenths of a degree, as the sensors send it. */
    double temperatureC() {
        return Math.round((temperature + (noise.nextDouble() - 0.5) * 0.2) * 10) / 10.0;
    }

    /** Relative humidity in half percents (the Milesight resolution; Elsys rounds it again to whole ones). */
    double humidityPct() {
        return Math.round((humidity + (noise.nextDouble() - 0.5)) * 2) / 2.0;
    }

    double pressureHpa() {
        return Math.round(pressure * 10) / 10.0;
    }

    /** How much the people in the room load the air, 0 (empty) to 1.5 (half again over capacity). */
    double load(int people) {
        return Math.min(1.5, people / (double) capacity);
    }
}
