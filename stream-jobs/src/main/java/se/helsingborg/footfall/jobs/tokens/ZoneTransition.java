package se.helsingborg.footfall.jobs.tokens;

/** One token went from a session in {@code fromZone} to one in {@code toZone}, whose first sighting was {@code at}. */
public record ZoneTransition(String fromZone, String toZone, long at) {}
