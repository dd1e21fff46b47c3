package se.helsingborg.footfall.storage.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JDBC sink whose writer does not fail a second time while it is being closed.
 *
 * <p>Flink's JDBC writer tries to write its last batch when it is closed and throws when it
 * cannot. When the job is already failing because the database went away, that second exception
 * comes out of the task's clean-up, which Flink treats as fatal: it shuts the whole task manager
 * down, and a local run is left without one and never recovers. Nothing is lost by closing
 * quietly instead: the rows of an unwritten batch are computed again from the last checkpoint,
 * whose MQTT messages were never acknowledged. Failures while running still fail the task (and
 * keep checkpoints from completing) exactly as before.
 */
final class FailoverSafeSink<T> implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSafeSink.class);

    private final JdbcSink<T> sink;
    private final String table;

    FailoverSafeSink(JdbcSink<T> sink, String table) {
        this.sink = sink;
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context), table);
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(WriterInitContext context, Collection<JdbcWriterState> state)
            throws IOException {
        return new Writer<>(sink.restoreWriter(context, state), table);
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    private static final class Writer<T, W extends StatefulSinkWriter<T, JdbcWriterState> & CommittingSinkWriter<T, JdbcCommitable>>
            implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {
        private final W writer;
        private final String table;

        Writer(W writer, String table) {
            this.writer = writer;
            this.table = table;
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            writer.write(row, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        @Override
        public void close() {
            try {
                writer.close();
            } catch (Exception e) {
                LOG.warn("The {} sink closed with rows it could not write; they are written again when the job restarts"
                        + " from its last checkpoint: {}", table, rootMessage(e));
            }
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage();
        }
    }
}
