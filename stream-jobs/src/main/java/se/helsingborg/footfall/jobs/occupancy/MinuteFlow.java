package se.helsingborg.footfall.jobs.occupancy;

/** Entries and exits of a zone or gate collected for one minute that has not been closed yet. */
public record MinuteFlow(long entries, long exits) {
    public MinuteFlow plus(long moreEntries, long moreExits) {
        return new MinuteFlow(entries + moreEntries, exits + moreExits);
    }
}
