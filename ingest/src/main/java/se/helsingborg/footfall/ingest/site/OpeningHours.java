package se.helsingborg.footfall.ingest.site;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a zone is open, by day of the week, in the site's local time. Written in the site file as
 * {@code always} or as a map such as {@code {mon-fri: "08:00-20:00", sat: "10:00-16:00"}}; days not
 * named are closed. A period may run past midnight ("22:00-02:00").
 */
public final class OpeningHours implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final OpeningHours ALWAYS = new OpeningHours(null);

    /** Null means always open. */
    private final EnumMap<DayOfWeek, List<Period>> byDay;

    private OpeningHours(EnumMap<DayOfWeek, List<Period>> byDay) {
        this.byDay = byDay;
    }

    public record Period(LocalTime open, LocalTime close) implements Serializable {
        boolean contains(LocalTime t) {
            if (open.isBefore(close)) {
                return !t.isBefore(open) && t.isBefore(close);
            }
            return !t.isBefore(open) || t.isBefore(close); // runs past midnight
        }

        boolean pastMidnight() {
            return !open.isBefore(close);
        }
    }

    public boolean isAlways() {
        return byDay == null;
    }

    /** Whether the zone is open at this local time. */
    public boolean isOpen(LocalDateTime local) {
        if (byDay == null) {
            return true;
        }
        LocalTime t = local.toLocalTime();
        for (Period p : byDay.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (p.pastMidnight() ? !t.isBefore(p.open()) : p.contains(t)) {
                return true;
            }
        }
        // The tail of yesterday's period that ran past midnight.
        for (Period p : byDay.getOrDefault(local.getDayOfWeek().minus(1), List.of())) {
            if (p.pastMidnight() && t.isBefore(p.close())) {
                return true;
            }
        }
        return false;
    }

    /** The periods of one day of the week, empty when closed all day. */
    public List<Period> on(DayOfWeek day) {
        if (byDay == null) {
            return List.of(new Period(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT));
        }
        return byDay.getOrDefault(day, List.of());
    }

    /**
     * Parses the site file's form: the word {@code always}, or day ranges to time ranges.
     *
     * @throws IllegalArgumentException naming the part that could not be read
     */
    public static OpeningHours parse(Object spec) {
        if (spec == null) {
            return null;
        }
        if (spec instanceof String s) {
            if (s.trim().equalsIgnoreCase("always")) {
                return ALWAYS;
            }
            throw new IllegalArgumentException(
                    "opening hours must be 'always' or a map of days to hours, not '" + s + "'");
        }
        if (!(spec instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("opening hours must be 'always' or a map of days to hours");
        }
        EnumMap<DayOfWeek, List<Period>> byDay = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            List<DayOfWeek> days = days(String.valueOf(e.getKey()));
            for (String range : String.valueOf(e.getValue()).split(",")) {
                Period period = period(range.trim());
                for (DayOfWeek d : days) {
                    byDay.computeIfAbsent(d, k -> new ArrayList<>()).add(period);
                }
            }
        }
        return new OpeningHours(byDay);
    }

    private static List<DayOfWeek> days(String spec) {
        String[] ends = spec.trim().toLowerCase(Locale.ROOT).split("-");
        if (ends.length == 1) {
            return List.of(day(ends[0]));
        }
        if (ends.length != 2) {
            throw new IllegalArgumentException("cannot read days '" + spec + "' (e.g. mon-fri, sat)");
        }
        List<DayOfWeek> days = new ArrayList<>();
        DayOfWeek d = day(ends[0]);
        DayOfWeek last = day(ends[1]);
        days.add(d);
        while (d != last) {
            d = d.plus(1);
            days.add(d);
        }
        return days;
    }

    private static DayOfWeek day(String s) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().toLowerCase(Locale.ROOT).startsWith(s) && s.length() >= 3) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown day '" + s + "' (use mon, tue, wed, thu, fri, sat, sun)");
    }

    private static Period period(String spec) {
        String[] ends = spec.split("-");
        if (ends.length != 2) {
            throw new IllegalArgumentException("cannot read hours '" + spec + "' (e.g. 08:00-20:00)");
        }
        try {
            LocalTime open = LocalTime.parse(ends[0].trim());
            String closeText = ends[1].trim();
            LocalTime close = closeText.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(closeText);
            return new Period(open, close);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("cannot read hours '" + spec + "' (e.g. 08:00-20:00)", e);
        }
    }

    @Override
    public String toString() {
        return byDay == null ? "always" : byDay.toString();
    }
}
