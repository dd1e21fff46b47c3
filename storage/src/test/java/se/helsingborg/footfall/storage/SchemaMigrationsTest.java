package se.helsingborg.footfall.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.helsingborg.footfall.ingest.site.SiteModel;

class SchemaMigrationsTest {

    @Test
    void createsEveryResultTableAndIsANoOpTheSecondTime() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            var first = SchemaMigrations.apply(pg.database());
            var second = SchemaMigrations.apply(pg.database());
            assertThat(first.migrationsExecuted).isGreaterThan(0);
            assertThat(second.migrationsExecuted).isZero();
            assertThat(tables(pg.database())).contains(
                    "sites", "zones", "gates", "occupancy", "visitors_daily", "rejected_messages");
        }
    }

    @Test
    void siteModelIsWrittenOnceHoweverOftenItIsWritten() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            SiteModel example = SiteModel.example();
            SiteModelTables.write(db, example);
            SiteModelTables.write(db, example);
            try (Connection c = db.connect(); ResultSet r = c.createStatement().executeQuery(
                    "SELECT count(*), sum(capacity) FROM zones")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(example.zones().size());
                assertThat(r.getInt(2)).isEqualTo(example.zones().stream().mapToInt(z -> z.capacity()).sum());
            }
        }
    }

    @Test
    void resultRowsRejectNegativeOccupancy() throws Exception {
        try (TestPostgres pg = TestPostgres.create()) {
            Database db = pg.migrated();
            try (Connection c = db.connect()) {
                assertThatThrownBy(() -> c.createStatement().execute(
                        "INSERT INTO occupancy VALUES ('lib', now(), -1, 0, 0)"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("occupancy_check");
            }
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithHowToStartIt() {
        Database nowhere = new Database("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "postgres");
        assertThatThrownBy(() -> SchemaMigrations.apply(nowhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot reach the database")
                .hasMessageContaining("pg_ctlcluster");
    }

    private static List<String> tables(Database db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = db.connect(); ResultSet r = c.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            while (r.next()) {
                names.add(r.getString("TABLE_NAME"));
            }
        }
        return names;
    }
}
