package se.helsingborg.footfall.jobs.recovery;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A counting line's usual day: the crossings in and out it counts in each quarter hour of the
 * local day ({@link DaySlots}), for each kind of day (weekday, Saturday, Sunday), as a decayed mean
 * of the past days it was counted on. It is the shape a reboot in a silence is estimated from
 * ({@link LostCrossings#fromProfile}): over a morning ramp the crossings per minute of the hour
 * before a silence are well below those of the silence, and the profile knows by how much.
 *
 * <p>Each index ({@code dayClass * 96 + quarter}) holds the decayed sums of the crossings and of
 * the weights of the days that counted it: a day weighs 1 when it is folded in, and {@link #DECAY}
 * times less with each later day of its kind that counted the same quarter, so the profile follows
 * a season's change within a week or two and one odd day (an event) fades. A quarter no day
 * counted has weight 0 and estimates nothing. The state is three times 96 quarters, whatever the
 * line counts.
 */
public record LineProfile(double[] in, double[] out, double[] weight) {
    /** How much a day weighs less with each later day of its kind: about the last five of them count. */
    static final double DECAY = 0.8;
    /** The least part of a quarter hour counted for the day to teach the profile that quarter. */
    static final double LEAST_COUNTED = 0.5;
    /** How far a quarter no day counted is filled from counted ones on either side: an hour. */
    static final int FILLED_FROM = 4;

    /** The profile {@code before} (null: none yet) with the finished {@code day} folded in. */
    static LineProfile after(LineProfile before, LineDay day) {
        int size = DaySlots.CLASSES * DaySlots.PER_DAY;
        double[] in = before == null ? new double[size] : before.in().clone();
        double[] out = before == null ? new double[size] : before.out().clone();
        double[] weight = before == null ? new double[size] : before.weight().clone();
        int base = DaySlots.dayClass(LocalDate.ofEpochDay(day.epochDay())) * DaySlots.PER_DAY;
        for (int s = 0; s < DaySlots.PER_DAY; s++) {
            double millis = day.countedMillis()[s];
            if (millis < LEAST_COUNTED * DaySlots.SLOT_MILLIS) {
                continue;
            }
            double whole = DaySlots.SLOT_MILLIS / millis; // a quarter partly counted, as if counted alike throughout
            int i = base + s;
            in[i] = DECAY * in[i] + day.in()[s] * whole;
            out[i] = DECAY * out[i] + day.out()[s] * whole;
            weight[i] = DECAY * weight[i] + 1;
        }
        return new LineProfile(in, out, weight);
    }

    /**
     * The crossings both ways of a whole quarter hour {@code slot} on a day like {@code day}. A
     * quarter no past day counted (the line was silent then on every such day) is filled between
     * the nearest counted quarters on either side, within {@link #FILLED_FROM}, as a straight line
     * between them; NaN if there are none.
     */
    double quarter(LocalDate day, int slot) {
        int base = DaySlots.dayClass(day) * DaySlots.PER_DAY;
        if (weight[base + slot] > 0) {
            return counted(base + slot);
        }
        for (int before = 1; before <= FILLED_FROM && slot - before >= 0; before++) {
            if (weight[base + slot - before] > 0) {
                for (int after = 1; after <= FILLED_FROM && slot + after < DaySlots.PER_DAY; after++) {
                    if (weight[base + slot + after] > 0) {
                        double share = (double) before / (before + after);
                        return counted(base + slot - before) * (1 - share) + counted(base + slot + after) * share;
                    }
                }
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private double counted(int i) {
        return (in[i] + out[i]) / weight[i];
    }

    /** The crossings both ways the profile expects over [{@code from}, {@code to}); NaN if it cannot tell for a quarter of it. */
    double expected(long from, long to, ZoneId zone) {
        double sum = 0;
        for (DaySlots.Piece p : DaySlots.split(from, to, zone)) {
            sum += quarter(p.day(), p.slot()) * p.millis() / DaySlots.SLOT_MILLIS;
        }
        return sum;
    }
}
