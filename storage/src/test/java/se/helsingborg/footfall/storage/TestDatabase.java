package se.helsingborg.footfall.storage;

import java.sql.SQLException;

/** A fresh, empty database of one engine for one test, gone again when closed. */
public interface TestDatabase extends AutoCloseable {

    /** The new database, schema not yet applied. */
    Database database();

    /** The new database with Footfall's schema applied. */
    default Database migrated() {
        SchemaMigrations.apply(database());
        return database();
    }

    TestEngine engine();

    @Override
    void close() throws SQLException;
}
