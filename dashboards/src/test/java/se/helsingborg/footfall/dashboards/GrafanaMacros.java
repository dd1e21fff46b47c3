package se.helsingborg.footfall.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a panel's SQL the way Grafana does before its PostgreSQL datasource runs it, so tests can
 * run exactly what Grafana would. Two stages, as in Grafana: the frontend first interpolates
 * template variables and {@code $__interval}; the backend then expands the {@code $__...()}
 * macros against the query's time range. {@code $__timeGroup} depends on the datasource's
 * TimescaleDB switch: {@code time_bucket()} when it is on, epoch arithmetic when it is off.
 * An unknown macro is an error, so a misspelt one fails a test instead of reaching a database.
 */
final class GrafanaMacros {
    /** Grafana's interval steps above the datasource's minimum (1m for Footfall, its results' grain). */
    private static final List<Duration> STEPS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12), Duration.ofDays(1),
            Duration.ofDays(7), Duration.ofDays(30));
    /** About as many points as a panel is pixels wide. */
    private static final int MAX_DATA_POINTS = 1000;
    private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)\\(");
    private static final Pattern INTERVAL = Pattern.compile("'?(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)'?");

    private final TimeRange range;
    private final boolean timescaledb;

    GrafanaMacros(TimeRange range, boolean timescaledb) {
        this.range = range;
        this.timescaledb = timescaledb;
    }

    /** The panel's SQL as the database receives it. */
    String expand(String sql, Map<String, TemplateVariable> variables) {
        return expandMacros(interpolate(sql, variables));
    }

    /** {@code $__interval}: the range over the data points, rounded up to one of Grafana's steps. */
    Duration interval() {
        Duration raw = range.length().dividedBy(MAX_DATA_POINTS);
        return STEPS.stream().filter(step -> step.compareTo(raw) >= 0).findFirst().orElse(STEPS.get(STEPS.size() - 1));
    }

    static String grafanaInterval(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + "h";
        }
        if (d.toMinutes() > 0 && d.equals(Duration.ofMinutes(d.toMinutes()))) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }

    String interpolate(String sql, Map<String, TemplateVariable> variables) {
        String out = sql.replace("$__interval_ms", String.valueOf(interval().toMillis()))
                .replace("${__interval}", grafanaInterval(interval()))
                .replace("$__interval", grafanaInterval(interval()));
        // Longest names first, so $zone never eats the start of $zone_group.
        List<TemplateVariable> byLength = new ArrayList<>(variables.values());
        byLength.sort(Comparator.comparingInt((TemplateVariable v) -> v.name().length()).reversed());
        for (TemplateVariable v : byLength) {
            out = out.replace("${" + v.name() + ":sqlstring}", v.quoted())
                    .replace("${" + v.name() + "}", v.plain())
                    .replace("[[" + v.name() + "]]", v.plain())
                    .replaceAll("\\$" + Pattern.quote(v.name()) + "(?!\\w)", Matcher.quoteReplacement(v.plain()));
        }
        Matcher left = Pattern.compile("\\$\\{?(?!__)\\w+").matcher(out);
        if (left.find()) {
            throw new IllegalArgumentException("unknown template variable " + left.group() + " in: " + sql);
        }
        return out;
    }

    String expandMacros(String sql) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        Matcher m = MACRO.matcher(sql);
        while (m.find(at)) {
            out.append(sql, at, m.start());
            int close = closingParenthesis(sql, m.end() - 1);
            List<String> args = arguments(sql.substring(m.end(), close));
            out.append(macro(m.group(1), args, sql));
            at = close + 1;
        }
        out.append(sql.substring(at));
        if (out.indexOf("$__") >= 0) {
            throw new IllegalArgumentException("unexpanded Grafana macro left in: " + out);
        }
        return out.toString();
    }

    private String macro(String name, List<String> args, String sql) {
        return switch (name) {
            case "time" -> arg(args, 0, name) + " AS \"time\"";
            case "timeEpoch" -> "extract(epoch FROM " + arg(args, 0, name) + ") AS \"time\"";
            case "timeFilter" -> arg(args, 0, name) + " BETWEEN " + literal(range.from()) + " AND " + literal(range.to());
            case "timeFrom" -> literal(range.from());
            case "timeTo" -> literal(range.to());
            case "unixEpochFilter" -> arg(args, 0, name) + " >= " + range.from().getEpochSecond()
                    + " AND " + arg(args, 0, name) + " <= " + range.to().getEpochSecond();
            case "timeGroup" -> timeGroup(args);
            case "timeGroupAlias" -> timeGroup(args) + " AS \"time\"";
            default -> throw new IllegalArgumentException("unknown Grafana macro $__" + name + " in: " + sql);
        };
    }

    private String timeGroup(List<String> args) {
        if (args.size() < 2) {
            throw new IllegalArgumentException("$__timeGroup needs a column and an interval, got " + args);
        }
        long seconds = seconds(args.get(1));
        return timescaledb
                ? "time_bucket('" + seconds + "s', " + args.get(0) + ")"
                : "floor(extract(epoch FROM " + args.get(0) + ") / " + seconds + ") * " + seconds;
    }

    static long seconds(String interval) {
        Matcher m = INTERVAL.matcher(interval.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a Grafana interval: " + interval);
        }
        double n = Double.parseDouble(m.group(1));
        double s = switch (m.group(2)) {
            case "ms" -> n / 1000;
            case "s" -> n;
            case "m" -> n * 60;
            case "h" -> n * 3600;
            case "d" -> n * 86400;
            default -> n * 7 * 86400;
        };
        return Math.max(1, Math.round(s));
    }

    private static String literal(Instant t) {
        return "'" + t.truncatedTo(ChronoUnit.SECONDS) + "'";
    }

    private static String arg(List<String> args, int i, String macro) {
        if (args.size() <= i || args.get(i).isBlank()) {
            throw new IllegalArgumentException("$__" + macro + " needs an argument");
        }
        return args.get(i);
    }

    private static int closingParenthesis(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses after position " + open + " in: " + s);
    }

    /** Arguments split at the commas outside parentheses, trimmed. */
    private static List<String> arguments(String inside) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < inside.length(); i++) {
            char c = inside.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(inside.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (!inside.isBlank()) {
            args.add(inside.substring(start).trim());
        }
        return args;
    }
}
