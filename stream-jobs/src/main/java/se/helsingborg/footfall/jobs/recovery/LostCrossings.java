package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An estimate of the crossings a line counted in a silence before a reboot erased them: from where
 * its counts were last known to be complete to the reboot ({@link Silence}). No message holds
 * them, since the reboot zeroed the open period and the running totals, so they are estimated
 * from the line's own counts, as people-counting systems fill a lost span and mark it estimated.
 * Where the line's counts were last complete is its last total, or the end of the last period
 * count passed on after it: those the pipeline counted already, so they are not estimated again.
 *
 * <p>Where the line has a profile of its past days ({@link LineProfile}) that covers the lost span
 * and the window around it, the estimate is the profile's crossings in the lost span at the day's
 * own level: times the ratio of what the line counted to what the profile expects over the
 * {@link #LEVEL_WINDOW} before the silence and the span since the reboot. The profile gives the
 * shape (a silence in the morning ramp lost more per minute than the hour before it counted), the
 * day gives the level (a rainy day, a Friday, a season). Without a profile (the line's first day,
 * or a kind of day not seen yet) or where it expects too few crossings around the gap to read a
 * level from ({@link #LEAST_EXPECTED}), the estimate falls back to the rate below.
 *
 * <p>In and out are each the profile's own at that one level, so a silence over a library's
 * morning is estimated with more in than out and one over its evening with more out than in, as
 * the past days counted them. The day's visitors are its entries alone, and where the main
 * entrance's crossings of a morning are some 60 % entries, as many out as in would take 50 %. One
 * level for both directions, read from the crossings both ways: a level per direction would read
 * a morning's exits from the few the window holds, which is noisier than what it would correct.
 * The difference of in and out stays a guess of who stayed in the lost span, and a zone's
 * occupancy takes it; a guess that ran high is taken out of the day's history once the zone's
 * reset finds the people left inside (balanced history). It is a good guess where one line leads
 * into a zone; at a park's gates, where people come in by one and leave by another, a gate's
 * share of in and out varies from day to day, and its guess is little better than an equal split.
 *
 * <p>The reboot's time follows from the frame counter: a device that reboots counts frames from
 * zero again, one per uplink at its usual pace ({@link UplinkPace}), so its earliest message heard
 * since, with frame counter {@code f}, came about {@code f} frames after the reboot. The rate,
 * without a profile, is that of the last hour before the silence ({@link LineRate}) together with
 * what the new totals counted since the reboot, so a rising or falling hour weighs on both sides
 * of the lost span.
 *
 * <p>The estimate from the rate has as many out as in, the mean of the two rates: an hour is
 * too short to tell a day's shape from its noise, and the difference of the two rates of the hour
 * around the gap is a poor guess of who stayed in it (a library's main entrance before lunch lets
 * more in than out, over lunch the other way), while occupancy takes exactly that difference. So
 * that estimate fills the gate counts and the day's visitors and moves no zone's occupancy.
 *
 * <p>Nothing is estimated from the rate without a rate of at least {@link #HISTORY} before the
 * silence, and nothing at all without a pace of frames, or when the frames since the reboot fill
 * the silence (the reboot came right after a report heard) and no count between was lost: then
 * nothing was lost that could be estimated.
 */
public record LostCrossings(long in, long out, long rebootMillis, long lostMillis, Basis basis) {
    /** The least span of rate before the silence that an estimate is made from. */
    static final Duration HISTORY = Duration.ofMinutes(15);
    /**
     * How far before the silence the day's level is read. Longer than the rate's hour, since the
     * profile carries the shape and the window only the level, which more crossings read better;
     * not the whole day, since a day's level changes within it (rain empties a park for hours).
     */
    static final Duration LEVEL_WINDOW = Duration.ofHours(2);
    /** The least crossings the profile must expect around the gap for the day's level to be read from them. */
    static final double LEAST_EXPECTED = 20;

    /** What an estimate was made from. */
    public enum Basis { PROFILE, RATE }

    /**
     * The estimate from the line's profile for a reset found at {@code time} after {@code silence};
     * {@code today} is what the line counted so far on its current day, {@code since} what the new
     * totals counted since the reboot, {@code pace} the device's pace of frames. Null when the
     * profile cannot tell (see the class comment) or nothing can be estimated.
     */
    static LostCrossings fromProfile(LineProfile profile, LineDay today, UplinkPace pace, Silence silence, long time,
            TotalsDelta since, ZoneId zone) {
        if (profile == null || pace == null || pace.millisPerFrame() <= 0) {
            return null;
        }
        long reboot = silence.reboot(pace.millisPerFrame());
        List<Silence.Span> lostSpans = silence.lost(reboot);
        if (lostSpans.isEmpty()) {
            return null;
        }
        LineTotals before = silence.before();
        // The level: what the line counted over what the profile expects, where the profile can tell.
        double counted = 0;
        double expected = 0;
        LineProfile.Usual sinceReboot = profile.expected(reboot, time, zone);
        if (sinceReboot != null) {
            counted += since.in() + since.out();
            expected += sinceReboot.both();
        }
        if (today != null) {
            LocalDate day = LocalDate.ofEpochDay(today.epochDay());
            Set<Integer> quarters = new LinkedHashSet<>(); // a quarter twice when summer time ends: once
            for (DaySlots.Piece p : DaySlots.split(before.time() - LEVEL_WINDOW.toMillis(), before.time(), zone)) {
                if (p.day().equals(day)) {
                    quarters.add(p.slot());
                }
            }
            for (int q : quarters) {
                double millis = today.countedMillis()[q];
                LineProfile.Usual usual = profile.quarter(day, q);
                if (millis > 0 && usual != null) {
                    counted += today.in()[q] + today.out()[q];
                    expected += usual.both() * millis / DaySlots.SLOT_MILLIS;
                }
            }
        }
        LineProfile.Usual lost = LineProfile.Usual.NONE;
        for (Silence.Span s : lostSpans) {
            LineProfile.Usual usual = profile.expected(s.from(), s.to(), zone);
            if (usual == null) {
                return null; // a lost quarter the profile cannot tell
            }
            lost = lost.plus(usual);
        }
        if (!(expected >= LEAST_EXPECTED)) {
            return null;
        }
        double level = counted / expected; // one level for in and out: see the class comment
        return new LostCrossings(Math.round(lost.in() * level), Math.round(lost.out() * level), reboot,
                millis(lostSpans), Basis.PROFILE);
    }

    /**
     * The estimate for a reset found at {@code time} after {@code silence}, the line having counted
     * at {@code rate} before it; {@code since} is what the new totals counted since the reboot,
     * {@code pace} the device's pace of frames. Null when nothing can be estimated.
     */
    static LostCrossings estimate(LineRate rate, UplinkPace pace, Silence silence, long time, TotalsDelta since) {
        if (rate == null || rate.spanMillis() < HISTORY.toMillis() || pace == null || pace.millisPerFrame() <= 0) {
            return null;
        }
        long reboot = silence.reboot(pace.millisPerFrame());
        long lost = millis(silence.lost(reboot));
        if (lost <= 0) {
            return null;
        }
        long span = rate.spanMillis() + (time - reboot);
        double in = (rate.in() + since.in()) * lost / span;
        double out = (rate.out() + since.out()) * lost / span;
        long both = Math.round((in + out) / 2); // as many out as in: see the class comment
        return new LostCrossings(both, both, reboot, lost, Basis.RATE);
    }

    private static long millis(List<Silence.Span> spans) {
        return spans.stream().mapToLong(Silence.Span::millis).sum();
    }

    Duration lostSpan() {
        return Duration.ofMillis(lostMillis);
    }
}
