package se.helsingborg.footfall.storage.files;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import se.helsingborg.footfall.ingest.site.Goal;

/**
 * A row of the {@code goal_progress} view worked out without a database, for {@code replay --out}:
 * the same columns and, for an annual baseline, the same arithmetic (see the view in the V2
 * migration, where each figure is defined). Ratios the view leaves null (nothing to divide by) are
 * null here too.
 */
public record GoalProgressDay(String siteId, LocalDate day, long visitors, long ytdVisitors, double baselineYtd,
        double targetYtd, Double shareOfTarget, double projectedYearEnd, double targetYear, Double neededPerDay,
        String baselineMethod) {

    /** A site's visitors on a local day. */
    public record Visitors(LocalDate day, long visitors) {}

    /** Progress at the end of each day with visitors, the target a share of the annual baseline by days gone. */
    public static List<GoalProgressDay> proRata(String siteId, Goal goal, List<Visitors> days) {
        List<Visitors> sorted = new ArrayList<>(days);
        sorted.sort(Comparator.comparing(Visitors::day));
        List<GoalProgressDay> rows = new ArrayList<>();
        long ytd = 0;
        int year = Integer.MIN_VALUE;
        double annual = goal.baselineVisitors();
        double targetYear = annual * goal.multiplier();
        for (Visitors v : sorted) {
            if (v.day().getYear() != year) {
                year = v.day().getYear();
                ytd = 0;
            }
            ytd += v.visitors();
            int daysGone = v.day().getDayOfYear();
            int daysInYear = v.day().lengthOfYear();
            double baselineYtd = annual * daysGone / daysInYear;
            double targetYtd = baselineYtd * goal.multiplier();
            rows.add(new GoalProgressDay(siteId, v.day(), v.visitors(), ytd, baselineYtd, targetYtd,
                    targetYtd == 0 ? null : ytd / targetYtd,
                    (double) ytd * daysInYear / daysGone,
                    targetYear,
                    daysInYear == daysGone ? null : Math.max(targetYear - ytd, 0) / (daysInYear - daysGone),
                    "pro-rata"));
        }
        return rows;
    }
}
