package se.helsingborg.footfall.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.jobs.dwell.DwellCurves;
import se.helsingborg.footfall.jobs.dwell.PooledDay;
import se.helsingborg.footfall.jobs.occupancy.MinuteFlow;
import se.helsingborg.footfall.simulators.GroundTruth;
import se.helsingborg.footfall.simulators.VisitorSimulation;

/**
 * The time the dwell operator spends on a zone's finished day, on this machine: FIFO,
 * Little's law and the deconvolution ({@link DwellCurves#of}), for the example site's library and
 * park over a simulated week, each day with the days before it pooled as the job pools them. The
 * job does this once per zone and day, when the day is over; the figures say how long that
 * closing takes, a day alone and with a week pooled. Prints each run and the medians. Run it with
 * {@code scripts/bench-dwell}.
 *
 * <p>Arguments: {@code [--days N] [--runs R]}: N days (7 by default, the most the deconvolution
 * pools) simulated from Monday 2026-11-23, the whole week timed R times (5 by default) after one
 * run to warm up.
 */
public final class DwellBenchmark {
    private static final long MINUTE = 60_000;

    /** One zone's day: its minutes and when it ends. */
    private record Day(SortedMap<Long, MinuteFlow> minutes, long end) {}

    public static void main(String[] args) {
        int days = Integer.parseInt(Benchmarks.arg(args, "--days", "7"));
        int runs = Integer.parseInt(Benchmarks.arg(args, "--runs", "5"));
        SiteModel site = SiteModel.example();
        LocalDate monday = LocalDate.of(2026, 11, 23);
        Instant start = monday.atStartOfDay(site.timezone()).toInstant();
        VisitorSimulation simulation = new VisitorSimulation(site, 1, start);
        // A day more than asked, for the park's last day to end at its 04:00 reset.
        while (simulation.clock().isBefore(start.plus(Duration.ofDays(days + 1)))) {
            simulation.nextMinute();
        }
        List<String> zones = List.of("lib", "park-north");
        List<List<Day>> byZone = new ArrayList<>();
        for (String zone : zones) {
            // The library's days run midnight to midnight (it is closed overnight), the park's 04:00 to 04:00 (its reset).
            int dayStartHour = "park-north".equals(zone) ? 4 : 0;
            TreeMap<Instant, GroundTruth.ZoneMinute> minutes = simulation.truth().occupancy().get(zone);
            List<Day> list = new ArrayList<>();
            for (int d = 0; d < days; d++) {
                Instant from = monday.plusDays(d).atTime(dayStartHour, 0).atZone(site.timezone()).toInstant();
                Instant to = monday.plusDays(d + 1).atTime(dayStartHour, 0).atZone(site.timezone()).toInstant();
                SortedMap<Long, MinuteFlow> flows = new TreeMap<>();
                minutes.subMap(from, to).forEach((m, z) -> flows.put(m.toEpochMilli(), new MinuteFlow(z.entries(), z.exits())));
                list.add(new Day(flows, to.toEpochMilli()));
            }
            byZone.add(list);
        }
        System.out.printf("dwell benchmark: the example site's library and park, %d simulated days from %s, %d runs%n",
                days, monday, runs);

        week(site, zones, byZone); // warm-up
        double[][][] millis = new double[runs][][];
        for (int r = 0; r < runs; r++) {
            millis[r] = week(site, zones, byZone);
        }
        for (int z = 0; z < zones.size(); z++) {
            StringBuilder line = new StringBuilder(String.format("%-10s", zones.get(z)));
            for (int d = 0; d < days; d++) {
                double[] of = new double[runs];
                for (int r = 0; r < runs; r++) {
                    of[r] = millis[r][z][d];
                }
                line.append(String.format("  day %d (%d pooled): %.0f ms", d + 1, Math.min(d + 1, 7), Benchmarks.median(of)));
            }
            System.out.println(line);
        }
        for (int z = 0; z < zones.size(); z++) {
            double[] firstDay = new double[runs];
            double[] lastDay = new double[runs];
            for (int r = 0; r < runs; r++) {
                firstDay[r] = millis[r][z][0];
                lastDay[r] = millis[r][z][days - 1];
            }
            System.out.printf("median, %s: a day alone %.0f ms (runs: %s), day %d with the days before it pooled %.0f ms (runs: %s)%n",
                    zones.get(z), Benchmarks.median(firstDay), Arrays.toString(Arrays.stream(firstDay).mapToLong(Math::round).toArray()),
                    days, Benchmarks.median(lastDay), Arrays.toString(Arrays.stream(lastDay).mapToLong(Math::round).toArray()));
        }
        System.exit(0);
    }

    /** Milliseconds per zone and day for one pass over the week, each day pooled with the ones before it. */
    private static double[][] week(SiteModel site, List<String> zones, List<List<Day>> byZone) {
        double[][] millis = new double[zones.size()][];
        for (int z = 0; z < zones.size(); z++) {
            String zone = zones.get(z);
            LongPredicate open = m -> site.ancestorsOrSelf(zone).stream()
                    .allMatch(each -> each.hours().isOpen(LocalDateTime.ofInstant(Instant.ofEpochMilli(m), site.timezone())));
            List<Day> days = byZone.get(z);
            millis[z] = new double[days.size()];
            List<PooledDay> earlier = new ArrayList<>();
            for (int d = 0; d < days.size(); d++) {
                long begun = System.nanoTime();
                DwellCurves.Result r = DwellCurves.of(days.get(d).minutes(), days.get(d).end(), open, site.timezone(), true, true,
                        List.of(), earlier);
                millis[z][d] = (System.nanoTime() - begun) / 1e6;
                if (r.deconvolution().visits() == 0) {
                    throw new IllegalStateException(zone + " day " + (d + 1) + " gave no deconvolution figures: nothing was timed");
                }
                if (r.pooled() != null) {
                    earlier.add(r.pooled());
                    if (earlier.size() > 6) {
                        earlier.remove(0); // the six days before, as the job keeps them
                    }
                }
            }
        }
        return millis;
    }
}
