package se.helsingborg.footfall.simulators.score;

/**
 * What a value belongs to: the id (a zone, a gate, a site, or two zones joined by {@code →}) and
 * the time, written as the results write it (ISO-8601 UTC instant, or a local date), so that
 * keys from a CSV file and from the database are equal when they mean the same.
 */
public record Key(String id, String time) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
        int c = id.compareTo(o.id);
        return c != 0 ? c : time.compareTo(o.time);
    }

    @Override
    public String toString() {
        return id + " " + time;
    }
}
