package se.helsingborg.footfall.jobs.recovery;

import java.time.Duration;

/**
 * How fast a device sends its uplinks, in milliseconds per frame of its frame counter, as the
 * messages of one of its lines show it; and the last of those messages heard ({@code lastTime},
 * {@code lastFrame}). It dates a reboot in a silence ({@link LostCrossings}): a device that
 * reboots counts its frames from zero again, at this pace.
 *
 * <p>Each step from one message heard to the next gives the time per frame over it, its frames
 * counted by the frame counter, so that uplinks lost on the way count as sent. The pace is the
 * mean of the steps of the last {@link #WINDOW}, each weighing the time it spans. A burst of
 * reports seconds apart spans a few minutes of those hours and hardly moves it, where the last
 * step of the totals (which may hold a burst) or the frames over the time would take the burst
 * for the device's pace. A message sent at the same instant as another (a Footfall JSON counter's
 * totals beside its period count on the hour) spans no time and weighs nothing: the pace is that
 * of the device's reports. The window slides as {@link LineRate}'s does: the older steps are
 * scaled down to what is left of it.
 */
public record UplinkPace(long lastTime, long lastFrame, double weightMillis, double weightedMillisPerFrame) {
    /** How far back the pace looks: long, since a device's pace is its configuration and changes seldom. */
    static final Duration WINDOW = Duration.ofHours(6);

    /** The pace after a message with frame counter {@code frame} at {@code time}; {@code before} null: the first. */
    static UplinkPace after(UplinkPace before, long time, long frame) {
        if (before == null) {
            return new UplinkPace(time, frame, 0, 0);
        }
        if (time < before.lastTime()) {
            return before; // a late message: the step to it was taken already, from the one before it
        }
        if (frame < before.lastFrame()) {
            return new UplinkPace(time, frame, before.weightMillis(), before.weightedMillisPerFrame()); // a new boot
        }
        if (frame == before.lastFrame()) {
            return before; // the same uplink (a device sends all its lines in one), or the same message again
        }
        long step = time - before.lastTime();
        if (step == 0) {
            return new UplinkPace(time, frame, before.weightMillis(), before.weightedMillisPerFrame());
        }
        double perFrame = (double) step / (frame - before.lastFrame());
        long window = WINDOW.toMillis();
        double kept = Math.min(before.weightMillis(), Math.max(0, window - step));
        double share = before.weightMillis() > 0 ? kept / before.weightMillis() : 0;
        return new UplinkPace(time, frame, kept + step, before.weightedMillisPerFrame() * share + perFrame * step);
    }

    /** Milliseconds per frame; 0 until a step has been seen. */
    long millisPerFrame() {
        return weightMillis > 0 ? Math.round(weightedMillisPerFrame / weightMillis) : 0;
    }
}
