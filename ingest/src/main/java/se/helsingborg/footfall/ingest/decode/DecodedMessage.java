package se.helsingborg.footfall.ingest.decode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import se.helsingborg.footfall.ingest.reading.Reading;

/** One message fully understood: its envelope, device and model, the vendor fields and the readings. */
public record DecodedMessage(
        String topic,
        String envelope,
        String device,
        String model,
        int fPort,
        long fCnt,
        Instant time,
        Map<String, Object> fields,
        List<Reading> readings) {}
