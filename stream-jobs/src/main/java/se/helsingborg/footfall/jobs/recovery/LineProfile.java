package se.helsingborg.footfall.jobs.recovery;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A counting line's usual day: the crossings in and out it counts in each quarter hour of the
 * local day ({@link DaySlots}), for each kind of day (weekday, Saturday, Sunday), as a decayed mean
 * of the past days it was counted on. It is the shape a reboot in a silence is estimated from
 * ({@link LostCrossings#fromProfile}): over a morning ramp the crossings per minute of the hour
 * before a silence are well below those of the silence, and the profile knows by how much; and
 * it keeps in and out apart, since in that ramp far more come in than go out.
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
     * The crossings in and out of a whole quarter hour {@code slot} on a day like {@code day}. A
     * quarter no past day counted (the line was silent then on every such day) is filled between
     * the nearest counted quarters on either side, within {@link #FILLED_FROM}, as a straight line
     * between them, each way apart; null if there are none.
     */
    Usual quarter(LocalDate day, int slot) {
        int base = DaySlots.dayClass(day) * DaySlots.PER_DAY;
        if (weight[base + slot] > 0) {
            return counted(base + slot);
        }
        for (int before = 1; before <= FILLED_FROM && slot - before >= 0; before++) {
            if (weight[base + slot - before] > 0) {
                for (int after = 1; after <= FILLED_FROM && slot + after < DaySlots.PER_DAY; after++) {
                    if (weight[base + slot + after] > 0) {
                        double share = (double) before / (before + after);
                        return counted(base + slot - before).times(1 - share).plus(counted(base + slot + after).times(share));
                    }
                }
                return null;
            }
        }
        return null;
    }

    private Usual counted(int i) {
        return new Usual(in[i] / weight[i], out[i] / weight[i]);
    }

    /** The crossings in and out the profile expects over [{@code from}, {@code to}); null if it cannot tell for a quarter of it. */
    Usual expected(long from, long to, ZoneId zone) {
        Usual sum = Usual.NONE;
        for (DaySlots.Piece p : DaySlots.split(from, to, zone)) {
            Usual q = quarter(p.day(), p.slot());
            if (q == null) {
                return null;
            }
            sum = sum.plus(q.times((double) p.millis() / DaySlots.SLOT_MILLIS));
        }
        return sum;
    }

    /**
     * What a line usually counts in a quarter hour or a span of them, in and out apart: their
     * difference is the shape of the zone's day behind the line (a library's morning lets in more
     * than it lets out, its evening the other way).
     */
    record Usual(double in, double out) {
        static final Usual NONE = new Usual(0, 0);

        double both() {
            return in + out;
        }

        Usual plus(Usual other) {
            return new Usual(in + other.in, out + other.out);
        }

        Usual times(double factor) {
            return new Usual(in * factor, out * factor);
        }
    }
}
