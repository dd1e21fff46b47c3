package se.helsingborg.footfall.storage.results;

/** The two capacity levels a zone is alerted at; {@link #id()} is how the {@code alerts} table and MQTT name them. */
public enum AlertLevel {
    BUSY,
    FULL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
