package se.helsingborg.footfall.storage.sink;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import se.helsingborg.footfall.storage.Database;

/**
 * An at-least-once sink of one result table whose batches hold each natural key once (see
 * {@link UpsertWriter}). Flink's JDBC sink batches every row it is given, and a batch that holds a
 * key twice cannot go as one multi-row {@code INSERT … ON CONFLICT DO UPDATE}.
 */
final class UpsertSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final Database database;
    private final JdbcExecutionOptions execution;
    private final UpsertStatement<T> statement;

    UpsertSink(Database database, JdbcExecutionOptions execution, UpsertStatement<T> statement) {
        this.database = database;
        this.execution = execution;
        this.statement = statement;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new UpsertWriter<>(database, execution, statement, context.getProcessingTimeService());
    }
}
