package se.helsingborg.footfall.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void passwordsInTheUrlNeverReachMessages() {
        Database db = new Database("jdbc:postgresql://db:5432/footfall?user=x&password=secret", null);
        assertThat(db.safeUrl()).doesNotContain("secret").contains("password=***");
        assertThat(db.toString()).doesNotContain("secret");
    }

    @Test
    void onlyPostgresqlUrlsAreAccepted() {
        assertThatThrownBy(() -> new Database("jdbc:mysql://db/x?password=secret", null))
                .hasMessageContaining("jdbc:postgresql:")
                .hasMessageNotContaining("secret");
    }
}
