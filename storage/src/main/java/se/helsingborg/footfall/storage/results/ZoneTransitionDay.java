package se.helsingborg.footfall.storage.results;

import java.time.LocalDate;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A row of {@code zone_transitions}: how many presence tokens went from a session in one zone to a
 * session in another within the transition limit, on one local day (DESIGN §5, Flows with tokens).
 */
public record ZoneTransitionDay(String fromZone, String toZone, @TypeInfo(LocalDateInfo.class) LocalDate day, int transitions) {}
