package se.helsingborg.footfall.storage;

/**
 * The database engines every storage test runs on: the PostgreSQL server of the machine and a
 * TimescaleDB. Tests take one as a parameter ({@code @EnumSource(TestEngine.class)}).
 */
public enum TestEngine {
    POSTGRESQL {
        @Override
        public TestDatabase create() {
            return TestPostgres.create();
        }
    },
    TIMESCALEDB {
        @Override
        public TestDatabase create() {
            return TestTimescale.create();
        }
    };

    public abstract TestDatabase create();
}
