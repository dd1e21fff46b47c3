package se.helsingborg.footfall.storage.files;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.site.Gate;
import se.helsingborg.footfall.ingest.site.Goal;
import se.helsingborg.footfall.ingest.site.Site;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * The database's views as CSV files, made from the tables' files once a replay has written them:
 * {@code flows.csv} from the gate counts, as the {@code flows} view does, and
 * {@code goal_progress.csv} from the daily visitors, as the {@code goal_progress} view does for a
 * site file's annual baseline ('pro-rata'; a baseline of daily visitors lives only in a database).
 */
public final class DerivedResultFiles {
    public record Flow(String fromZone, String toZone, String gateId, Instant minute, int people) {}

    public static final CsvTable<Flow> FLOWS = new CsvTable<>("flows",
            List.of("from_zone", "to_zone", "gate_id", "minute", "people"),
            f -> List.of(f.fromZone(), f.toZone(), f.gateId(), f.minute(), f.people()),
            f -> List.of(f.fromZone(), f.toZone(), f.gateId(), f.minute()));

    public static final CsvTable<GoalProgressDay> GOAL_PROGRESS = new CsvTable<>("goal_progress",
            List.of("site_id", "day", "visitors", "ytd_visitors", "baseline_ytd", "target_ytd", "share_of_target",
                    "projected_year_end", "target_year", "needed_per_day", "baseline_method"),
            g -> Arrays.asList(g.siteId(), g.day(), g.visitors(), g.ytdVisitors(), g.baselineYtd(), g.targetYtd(),
                    g.shareOfTarget(), g.projectedYearEnd(), g.targetYear(), g.neededPerDay(), g.baselineMethod()),
            g -> List.of(g.siteId(), g.day()));

    private DerivedResultFiles() {}

    /** Writes flows.csv and goal_progress.csv beside the gate_counts.csv and visitors_daily.csv in {@code dir}. */
    public static void write(Path dir, SiteModel site) throws IOException {
        List<Flow> flows = new ArrayList<>();
        for (Map<String, String> row : read(dir.resolve(CsvResultSinks.GATE_COUNTS.fileName()))) {
            Gate gate = site.gate(row.get("gate_id"));
            Instant minute = Instant.parse(row.get("minute"));
            flows.add(new Flow(gate.from(), gate.to(), gate.id(), minute, Integer.parseInt(row.get("entries"))));
            flows.add(new Flow(gate.to(), gate.from(), gate.id(), minute, Integer.parseInt(row.get("exits"))));
        }
        CsvTableSink.write(dir, FLOWS, flows);

        List<GoalProgressDay> progress = new ArrayList<>();
        List<Map<String, String>> visitors = read(dir.resolve(CsvResultSinks.VISITORS_DAILY.fileName()));
        for (Site s : site.sites()) {
            Goal goal = s.goal();
            if (goal == null) {
                continue;
            }
            List<GoalProgressDay.Visitors> days = visitors.stream()
                    .filter(r -> r.get("site_id").equals(s.id()))
                    .map(r -> new GoalProgressDay.Visitors(LocalDate.parse(r.get("day")), Long.parseLong(r.get("visitors"))))
                    .toList();
            progress.addAll(GoalProgressDay.proRata(s.id(), goal, days));
        }
        CsvTableSink.write(dir, GOAL_PROGRESS, progress);
    }

    private static List<Map<String, String>> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(file.toFile())) {
            return rows.readAll();
        }
    }
}
