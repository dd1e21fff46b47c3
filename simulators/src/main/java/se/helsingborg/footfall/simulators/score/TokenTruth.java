package se.helsingborg.footfall.simulators.score;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import se.helsingborg.footfall.ingest.site.Device;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.simulators.GroundTruth;

/**
 * The truth that presence tokens are fairly compared with: the stays of the visitors who carry a
 * phone the sensors hear (the truth's {@code dwell.csv}, column {@code phone}), in the zones a
 * presence sensor of the site file watches, cut at local midnight and by local date, as a token
 * lives for one local date. Tokens never see the other visitors, so their stays are left out
 * rather than counted as missed.
 *
 * @param dwell per zone and local date: the carriers' stays' figures
 * @param zones the zones with a presence sensor
 * @param carriedShare share of all stays in those zones that were a carrier's
 */
public record TokenTruth(Map<Key, DwellFigures> dwell, Set<String> zones, double carriedShare) {
    /** Empty when the truth has no per-stay dwell.csv with the phone column (written before phones were kept). */
    public static Optional<TokenTruth> read(Path dir, SiteModel site) throws IOException {
        Path file = dir.resolve("dwell.csv");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Set<String> zones = new TreeSet<>();
        site.devices().stream().filter(Device::sendsPresence).forEach(d -> zones.add(d.zone()));
        Map<Key, List<Double>> stays = new TreeMap<>();
        long all = 0;
        long carried = 0;
        try (BufferedReader in = Files.newBufferedReader(file)) {
            CsvRows rows = new CsvRows(in, file);
            List<String> columns = rows.columns();
            int zone = columns.indexOf("zone_id");
            int visitor = columns.indexOf("visitor");
            int entered = columns.indexOf("entered");
            int left = columns.indexOf("left");
            int phone = columns.indexOf("phone");
            if (zone < 0 || visitor < 0 || entered < 0 || left < 0 || phone < 0) {
                return Optional.empty();
            }
            String[] cells;
            while ((cells = rows.next()) != null) {
                String zoneId = cells[zone].trim();
                if (!zones.contains(zoneId)) {
                    continue;
                }
                all++;
                if (!Boolean.parseBoolean(cells[phone].trim())) {
                    continue;
                }
                carried++;
                GroundTruth.Visit stay = new GroundTruth.Visit(zoneId, Integer.parseInt(cells[visitor].trim()),
                        Instant.parse(cells[entered].trim()), Instant.parse(cells[left].trim()));
                for (GroundTruth.Visit piece : stay.byLocalDate(site.timezone())) {
                    LocalDate day = LocalDate.ofInstant(piece.entered(), site.timezone());
                    stays.computeIfAbsent(new Key(zoneId, day.toString()), k -> new ArrayList<>())
                            .add((piece.left().toEpochMilli() - piece.entered().toEpochMilli()) / 1000.0);
                }
            }
        }
        Map<Key, DwellFigures> figures = new TreeMap<>();
        stays.forEach((k, s) -> figures.put(k, DwellFigures.of(s.stream().mapToDouble(Double::doubleValue).toArray())));
        return Optional.of(new TokenTruth(figures, zones, all == 0 ? 0 : carried / (double) all));
    }
}
