package se.helsingborg.footfall.storage;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import se.helsingborg.footfall.ingest.site.Site;
import se.helsingborg.footfall.ingest.site.SiteModel;

/**
 * Historical daily visitor counts, loaded as the visitor goal's baseline ({@code ./footfall
 * import-visits}). The CSV has a header with {@code day} (ISO date) and {@code visitors}, and a
 * {@code site} column unless the site file has a single site with a goal. A file with any bad
 * line is refused whole, every bad line named, so a half-loaded year never skews the target.
 */
public final class BaselineVisits {
    /** One day's visitors of a site. */
    public record Day(String siteId, LocalDate day, long visitors) {}

    private BaselineVisits() {}

    public static List<Day> parse(Reader csv, SiteModel model) throws IOException {
        Set<String> sites = model.sites().stream().map(Site::id).collect(Collectors.toSet());
        List<String> withGoal = model.sites().stream().filter(s -> s.goal() != null).map(Site::id).toList();
        List<Day> days = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader().withColumnSeparator(',').withComments())
                .readValues(csv)) {
            int line = 1;
            while (rows.hasNextValue()) {
                Map<String, String> row = rows.nextValue();
                line++;
                String site = trimmed(row.get("site"));
                if (site == null) {
                    if (withGoal.size() != 1) {
                        errors.add("line " + line + ": no site column, and the site file has " + withGoal.size()
                                + " sites with a goal; add a site column");
                        continue;
                    }
                    site = withGoal.get(0);
                } else if (!sites.contains(site)) {
                    errors.add("line " + line + ": unknown site '" + site + "' (the site file has " + sites + ")");
                    continue;
                }
                try {
                    LocalDate day = LocalDate.parse(required(row, "day"));
                    long visitors = Long.parseLong(required(row, "visitors"));
                    if (visitors < 0) {
                        throw new IllegalArgumentException("visitors cannot be negative: " + visitors);
                    }
                    days.add(new Day(site, day, visitors));
                } catch (DateTimeParseException | IllegalArgumentException e) {
                    errors.add("line " + line + ": " + e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a CSV of daily visitors: " + e.getMessage(), e);
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("nothing imported; fix these lines first:\n  " + String.join("\n  ", errors));
        }
        return days;
    }

    /** Upserts the days in one transaction: importing the same file again changes nothing. */
    public static void write(Database db, List<Day> days) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO baseline_visitors (site_id, day, visitors) VALUES (?, ?, ?)
                    ON CONFLICT (site_id, day) DO UPDATE SET visitors = EXCLUDED.visitors""")) {
                int n = 0;
                for (Day d : days) {
                    s.setString(1, d.siteId());
                    s.setObject(2, d.day());
                    s.setLong(3, d.visitors());
                    s.addBatch();
                    if (++n % 500 == 0) {
                        s.executeBatch();
                    }
                }
                s.executeBatch();
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot import daily visitors into " + db.safeUrl() + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> row, String column) {
        String value = trimmed(row.get(column));
        if (value == null) {
            throw new IllegalArgumentException("no " + column);
        }
        return value;
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
