package se.helsingborg.footfall.jobs;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import se.helsingborg.footfall.ingest.decode.RejectReason;
import se.helsingborg.footfall.ingest.decode.RejectedMessage;
import se.helsingborg.footfall.ingest.reading.LineCrossings;
import se.helsingborg.footfall.ingest.reading.Reading;

/**
 * A reading that came later than the allowed lateness, as a rejected message. The reading is past
 * its MQTT message, so the row names the device where the topic would be and carries the reading
 * as JSON; its time is the network server's reception, which a redelivery repeats, so the row is
 * written once however often the message comes.
 */
final class TooLate {
    private TooLate() {}

    static RejectedMessage of(Reading r, long watermark, Duration lateness) {
        String reason = RejectReason.TOO_LATE.tag() + ": reading of " + r.eventTime() + " arrived with the watermark at "
                + Instant.ofEpochMilli(watermark) + ", more than " + lateness + " behind";
        StringBuilder json = new StringBuilder("{\"device\": \"").append(r.deviceId()).append("\", \"part\": \"")
                .append(r.part()).append("\", \"f_cnt\": ").append(r.frameCounter()).append(", \"time\": \"")
                .append(r.eventTime()).append("\", \"received_at\": \"").append(r.receivedTime()).append('"');
        LineCrossings c = r.lineCrossings();
        if (c != null) {
            json.append(", \"gate\": \"").append(c.gateId()).append("\", \"")
                    .append(c.cumulative() ? "total_in" : "in").append("\": ").append(c.in()).append(", \"")
                    .append(c.cumulative() ? "total_out" : "out").append("\": ").append(c.out());
        }
        json.append('}');
        return new RejectedMessage(r.deviceId(), r.receivedTime(), reason, json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
