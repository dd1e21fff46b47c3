package se.helsingborg.footfall.simulators.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.site.OpeningHours;
import se.helsingborg.footfall.ingest.site.ResetTime;

/**
 * The true dwell per zone-day, from the truth's {@code dwell.csv} (one row per finished stay:
 * zone_id, visitor, entered, left, dwell_s). A stay belongs to the zone's day it began in, a day
 * running from the zone's reset time to the next (as the pipeline's days do; the site file gives
 * the time zone, the hours and the reset times, 03:00 for a zone it does not know).
 */
public final class DwellTruth {
    private DwellTruth() {}

    /** Per zone and day: the stays' figures; empty when the directory has no per-stay dwell.csv. */
    public static Optional<Map<Key, DwellFigures>> read(Path dir, SiteModel site) throws IOException {
        Path file = dir.resolve("dwell.csv");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Map<Key, List<Double>> stays = new TreeMap<>();
        try (BufferedReader in = Files.newBufferedReader(file)) {
            String header = in.readLine();
            List<String> columns = header == null ? List.of() : Arrays.asList(header.trim().split(",", -1));
            int zone = columns.indexOf("zone_id");
            int entered = columns.indexOf("entered");
            int dwell = columns.indexOf("dwell_s");
            if (zone < 0 || entered < 0 || dwell < 0) {
                return Optional.empty(); // not the truth's per-stay form
            }
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                String zoneId = cells[zone].trim();
                LocalDate day = dayOf(site, zoneId, Instant.parse(cells[entered].trim()));
                stays.computeIfAbsent(new Key(zoneId, day.toString()), k -> new ArrayList<>())
                        .add(Double.parseDouble(cells[dwell].trim()));
            }
        }
        Map<Key, DwellFigures> figures = new TreeMap<>();
        stays.forEach((k, s) -> figures.put(k, DwellFigures.of(s.stream().mapToDouble(Double::doubleValue).toArray())));
        return Optional.of(figures);
    }

    /** The zone's day (reset to reset, local) that holds the instant. */
    static LocalDate dayOf(SiteModel site, String zoneId, Instant t) {
        return site.zones().stream()
                .filter(z -> z.id().equals(zoneId))
                .findFirst()
                .map(z -> z.reset().dayOf(t, site.timezone(), z.hours()))
                .orElseGet(() -> ResetTime.DEFAULT.dayOf(t, site.timezone(), OpeningHours.ALWAYS));
    }
}
