package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;

/**
 * An estimate of the crossings a line counted in a silence before a reboot erased them: from the
 * last total taken ({@code fromMillis}) to the reboot ({@code rebootMillis}). No message holds
 * them, since the reboot zeroed the open period and the running totals, so they are estimated
 * from the line's own rate, as people-counting systems fill a lost span and mark it estimated.
 *
 * <p>The reboot's time follows from the frame counter: a device that reboots counts frames from
 * zero again, one per uplink at its usual pace, so the total that shows the reset, with frame
 * counter {@code f}, came about {@code f} frames after the reboot. The rate is that of the last
 * hour before the silence ({@link LineRate}) together with what the new totals counted since the
 * reboot, so a rising or falling hour weighs on both sides of the lost span.
 *
 * <p>The estimate has as many out as in, the mean of the two rates: who stayed in the lost span
 * is not known, and the difference of the two rates of the hour around it is a poor guess of it
 * (a library's main entrance before lunch lets more in than out, over lunch the other way), while
 * occupancy takes exactly that difference. So an estimate fills the gate counts and the day's
 * visitors and moves no zone's occupancy.
 *
 * <p>Nothing is estimated without a rate of at least {@link #HISTORY} before the silence, without a
 * frame counter that started again, or when the frames since the reboot fill the silence (the
 * reboot came right after a report heard): then nothing was lost that could be estimated.
 */
public record LostCrossings(long in, long out, long fromMillis, long rebootMillis) {
    /** The least span of rate before the silence that an estimate is made from. */
    static final Duration HISTORY = Duration.ofMinutes(15);

    /**
     * The estimate for a reset found at {@code time} in a total with frame counter {@code frameCounter},
     * the line having stood at {@code before} and counted at {@code rate}; {@code since} is what
     * the new totals counted since the reboot. Null when nothing can be estimated.
     */
    static LostCrossings estimate(LineRate rate, LineTotals before, long time, long frameCounter, TotalsDelta since) {
        if (rate == null || rate.spanMillis() < HISTORY.toMillis() || rate.millisPerFrame() <= 0
                || frameCounter >= before.frameCounter()) {
            return null;
        }
        long reboot = Math.max(before.time(), time - frameCounter * rate.millisPerFrame());
        long lost = reboot - before.time();
        if (lost <= 0) {
            return null;
        }
        long span = rate.spanMillis() + (time - reboot);
        double in = (rate.in() + since.in()) * lost / span;
        double out = (rate.out() + since.out()) * lost / span;
        long both = Math.round((in + out) / 2); // as many out as in: see the class comment
        return new LostCrossings(both, both, before.time(), reboot);
    }

    Duration lostSpan() {
        return Duration.ofMillis(rebootMillis - fromMillis);
    }
}
