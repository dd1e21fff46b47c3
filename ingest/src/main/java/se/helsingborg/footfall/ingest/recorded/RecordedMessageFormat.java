package se.helsingborg.footfall.ingest.recorded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import se.helsingborg.footfall.ingest.source.RawMessage;

/**
 * Recorded-messages files as a Flink file format, so that {@code replay} feeds a recording through
 * the same job graph as live MQTT: Flink's {@link FileSource} reads the file, this format turns
 * each line into the message it records. A line that is not a recorded message becomes a message
 * no envelope reads, with the line number and the reason in its topic, so it is rejected with the
 * rest and the replay goes on.
 */
public final class RecordedMessageFormat extends SimpleStreamFormat<RawMessage> {
    private static final long serialVersionUID = 1L;

    /** A bounded source over one or more recordings. */
    public static FileSource<RawMessage> source(java.nio.file.Path... files) {
        Path[] paths = java.util.Arrays.stream(files).map(f -> new Path(f.toAbsolutePath().toUri())).toArray(Path[]::new);
        return FileSource.forRecordStreamFormat(new RecordedMessageFormat(), paths).build();
    }

    @Override
    public Reader<RawMessage> createReader(Configuration config, FSDataInputStream stream) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new Reader<>() {
            private long lineNumber;
            private Instant lastTime = Instant.EPOCH;

            @Override
            public RawMessage read() throws IOException {
                String line;
                while ((line = lines.readLine()) != null) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        RawMessage m = RecordedMessages.parse(line);
                        lastTime = m.receivedAt();
                        return m;
                    } catch (RecordedMessageException e) {
                        return new RawMessage("recording line " + lineNumber + ": " + e.getMessage(),
                                line.getBytes(StandardCharsets.UTF_8), lastTime);
                    }
                }
                return null;
            }

            @Override
            public void close() throws IOException {
                lines.close();
            }
        };
    }

    @Override
    public TypeInformation<RawMessage> getProducedType() {
        return TypeInformation.of(RawMessage.class);
    }
}
