package se.helsingborg.footfall.storage.sink;

import java.io.Serializable;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.util.function.SerializableFunction;

/**
 * How rows of one kind reach their table: the statement, how a row binds to it, and the row's
 * natural key, the one the statement's {@code ON CONFLICT} names. Two rows with equal keys are
 * versions of one row, so only the later of them needs writing.
 */
record UpsertStatement<T>(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, ?> key)
        implements Serializable {}
