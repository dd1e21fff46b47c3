package se.helsingborg.footfall.ingest.site;

import java.util.Objects;

/** A place whose visitors are counted: the city library, the city park. {@code goal} may be null. */
public record Site(String id, String name, Goal goal) implements java.io.Serializable {
    public Site {
        Objects.requireNonNull(id, "site id");
        name = name == null ? id : name;
    }
}
