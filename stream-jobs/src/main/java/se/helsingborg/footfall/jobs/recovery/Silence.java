package se.helsingborg.footfall.jobs.recovery;

import java.util.ArrayList;
import java.util.List;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * What a line's messages tell about a span that ended in a reboot, from the last total taken
 * ({@code before}) to the total that shows the reset. The old boot's period counts passed on in it
 * hold its crossings up to {@code heardUntil}, the end of the last of them, except in {@code gaps}
 * that no count held (a message lost between two heard); from {@code heardUntil} to the reboot
 * nothing holds them. The new boot's earliest message heard, with frame counter {@code firstFrame}
 * at {@code firstTime}, dates the reboot.
 *
 * <p>A device that sends its running totals in every uplink has no period counts between two
 * totals, so for it the span unheard starts at the last total; one that sends period counts often
 * and totals seldom (a Footfall JSON counter: every few minutes, and its totals on the hour) was
 * heard long after its last total, and what it passed on since is counted already.
 */
record Silence(LineTotals before, List<Span> gaps, long heardUntil, long firstTime, long firstFrame) {
    /** A span of time [{@code from}, {@code to}) in epoch millis. */
    record Span(long from, long to) {
        long millis() {
            return to - from;
        }
    }

    /**
     * The silence before a total with frame counter {@code frame} at {@code time} that shows a
     * reboot since {@code before}: {@code oldBoot} are the period counts of the old boot passed on
     * after {@code before}, {@code newBoot} those of the new one up to the total, each in time order.
     */
    static Silence of(LineTotals before, List<Reading> oldBoot, List<Reading> newBoot, long time, long frame) {
        List<Span> gaps = new ArrayList<>();
        long heardUntil = before.time();
        for (Reading r : oldBoot) {
            long end = r.eventTime().toEpochMilli();
            long start = end - r.lineCrossings().periodSeconds() * 1000L;
            if (start > heardUntil) {
                gaps.add(new Span(heardUntil, start));
            }
            heardUntil = Math.max(heardUntil, end);
        }
        long firstTime = time;
        long firstFrame = frame;
        for (Reading r : newBoot) {
            if (r.frameCounter() < firstFrame) {
                firstTime = r.eventTime().toEpochMilli();
                firstFrame = r.frameCounter();
            }
        }
        return new Silence(before, List.copyOf(gaps), heardUntil, firstTime, firstFrame);
    }

    /**
     * When the device rebooted, at {@code millisPerFrame}: {@code firstFrame} frames before its
     * earliest message heard since, the nearest to the reboot, so that a burst or an extra
     * message after it weighs least; not before the old boot was last heard.
     */
    long reboot(long millisPerFrame) {
        return Math.max(heardUntil, firstTime - firstFrame * millisPerFrame);
    }

    /** The spans whose crossings no message holds for a reboot at {@code reboot}: the gaps, and from {@code heardUntil} to it. */
    List<Span> lost(long reboot) {
        List<Span> lost = new ArrayList<>(gaps);
        if (reboot > heardUntil) {
            lost.add(new Span(heardUntil, reboot));
        }
        return lost;
    }
}
