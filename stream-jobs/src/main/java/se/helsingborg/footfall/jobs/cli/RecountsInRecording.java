package se.helsingborg.footfall.jobs.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.helsingborg.footfall.ingest.decode.AnchorMessage;
import se.helsingborg.footfall.ingest.envelope.Topics;
import se.helsingborg.footfall.ingest.recorded.RecordedMessages;
import se.helsingborg.footfall.ingest.site.SiteModel;
import se.helsingborg.footfall.ingest.source.RawMessage;
import se.helsingborg.footfall.storage.Database;
import se.helsingborg.footfall.storage.Recounts;
import se.helsingborg.footfall.storage.Recounts.Recount;

/**
 * A replay applies the recounts recorded with {@code ./footfall anchor --db} as if they had come
 * over MQTT at their times: they are written into a copy of the recording as anchor messages, each
 * before the first message received after it. In the file they take the same path as every other
 * message, so the replay stays as deterministic as the recording (a stream of their own beside the
 * file would race the readings' watermark).
 */
final class RecountsInRecording {
    private static final Pattern RECEIVED_AT = Pattern.compile("\"received_at\"\\s*:\\s*\"([^\"]+)\"");

    private RecountsInRecording() {}

    /** The recording with the recounts of its time span merged in, or the recording itself when there are none. */
    static Path merge(Path recording, Database db, SiteModel site) throws IOException, SQLException {
        Instant first = null;
        Instant last = null;
        try (var lines = Files.lines(recording, StandardCharsets.UTF_8)) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                Instant t = receivedAt(it.next());
                if (t != null) {
                    first = first == null || t.isBefore(first) ? t : first;
                    last = last == null || t.isAfter(last) ? t : last;
                }
            }
        }
        if (first == null) {
            return recording;
        }
        Deque<Recount> recounts = new ArrayDeque<>(Recounts.between(db, first, last));
        recounts.removeIf(r -> site.zones().stream().noneMatch(z -> z.id().equals(r.zoneId())));
        if (recounts.isEmpty()) {
            return recording;
        }
        int applied = recounts.size();
        Path merged = Files.createTempFile("footfall-replay-", ".jsonl");
        merged.toFile().deleteOnExit();
        try (var lines = Files.lines(recording, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(merged, StandardCharsets.UTF_8)) {
            for (var it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                Instant t = receivedAt(line);
                while (t != null && !recounts.isEmpty() && recounts.peek().time().isBefore(t)) {
                    out.write(line(recounts.poll(), site));
                    out.newLine();
                }
                out.write(line);
                out.newLine();
            }
            for (Recount r : recounts) {
                out.write(line(r, site));
                out.newLine();
            }
        }
        System.out.printf("%d recount(s) from the anchors table applied at their times%n", applied);
        return merged;
    }

    private static String line(Recount r, SiteModel site) {
        String topic = Topics.anchor(site.siteOf(r.zoneId()));
        return RecordedMessages.format(new RawMessage(topic, AnchorMessage.payload(r.zoneId(), r.count(), r.time()), r.time()));
    }

    private static Instant receivedAt(String line) {
        Matcher m = RECEIVED_AT.matcher(line);
        if (!m.find()) {
            return null;
        }
        try {
            return Instant.parse(m.group(1));
        } catch (DateTimeParseException bad) {
            return null; // the job rejects the line
        }
    }
}
