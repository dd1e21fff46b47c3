package se.helsingborg.footfall.jobs.alerts;

import se.helsingborg.footfall.storage.results.AlertLevel;
import se.helsingborg.footfall.storage.results.CapacityAlert;

/**
 * A capacity alert that opened, peaked higher or ended, with what a notifier needs besides the
 * table row: the zone's site (for the MQTT topic) and the zone's level once this change is applied
 * ({@code null}: below every level), so the last message about a zone always tells its current state.
 * {@code withdrawn}: late readings showed that the open episode {@code alert} never lasted the
 * minimum duration, so the zone is not at its level after all (and the episode has no row).
 */
public record AlertChange(String siteId, CapacityAlert alert, AlertLevel zoneLevel, boolean withdrawn) {

    /** An episode that opened, peaked higher or ended. */
    public AlertChange(String siteId, CapacityAlert alert, AlertLevel zoneLevel) {
        this(siteId, alert, zoneLevel, false);
    }
}
