package se.helsingborg.footfall.storage.sink;

import java.io.Serializable;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.util.function.SerializableFunction;
import se.helsingborg.footfall.storage.results.Retractable;

/**
 * How rows of one kind reach their table: the statement, how a row binds to it, and the row's
 * natural key, the one the statement's {@code ON CONFLICT} names. Two rows with equal keys are
 * versions of one row, so only the later of them needs writing. Tables whose rows a rewrite can
 * take back ({@link Retractable}) also have a {@code DELETE} by that key and its binder; for the
 * others both are null.
 */
record UpsertStatement<T>(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, ?> key, String deleteSql,
        JdbcStatementBuilder<T> deleteBinder) implements Serializable {

    UpsertStatement(String sql, JdbcStatementBuilder<T> binder, SerializableFunction<T, ?> key) {
        this(sql, binder, key, null, null);
    }

    /** Whether {@code row} removes its key's row rather than writing it. */
    boolean deletes(T row) {
        if (!(row instanceof Retractable r) || !r.retracted()) {
            return false;
        }
        if (deleteSql == null) {
            throw new IllegalStateException("a retraction for a table without a delete: " + row);
        }
        return true;
    }
}
