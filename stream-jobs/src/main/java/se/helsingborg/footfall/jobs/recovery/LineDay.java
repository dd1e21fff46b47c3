package se.helsingborg.footfall.jobs.recovery;

/**
 * What a counting line counted so far on one local day ({@code epochDay}), per quarter hour
 * ({@link DaySlots}): the crossings in and out, and how many milliseconds of the quarter were
 * counted at all. It is learnt from the steps of the running totals; a quarter the line was not
 * heard in, or heard only across a long silence whose crossings the totals give in one sum, is not
 * counted, so that the profile learns no shape the day did not show. When the day is over it is
 * folded into the line's profile ({@link LineProfile#after}); until then it tells the estimate of a
 * reboot in a silence the level of the day before the silence.
 */
public record LineDay(long epochDay, double[] in, double[] out, double[] countedMillis) {
    static LineDay starting(long epochDay) {
        return new LineDay(epochDay, new double[DaySlots.PER_DAY], new double[DaySlots.PER_DAY], new double[DaySlots.PER_DAY]);
    }

    /** This day with {@code dIn} and {@code dOut} counted in {@code millis} of quarter {@code slot}. */
    LineDay plus(int slot, double dIn, double dOut, long millis) {
        double[] i = in.clone();
        double[] o = out.clone();
        double[] c = countedMillis.clone();
        i[slot] += dIn;
        o[slot] += dOut;
        c[slot] += millis;
        return new LineDay(epochDay, i, o, c);
    }
}
