package se.helsingborg.footfall.ingest.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class PresenceTokensTest {
    private static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");
    private static final String MAC = "a4:5e:60:d1:22:0f";
    private final PresenceTokens tokens = PresenceTokens.of("a secret of the test, long enough", STOCKHOLM);

    @Test
    void theSameIdOnTheSameLocalDayGivesTheSameToken() {
        String morning = tokens.token(MAC, Instant.parse("2026-11-23T07:05:00Z"));
        String evening = tokens.token(MAC.toUpperCase(), Instant.parse("2026-11-23T22:59:00Z")); // 23:59 local
        assertThat(morning).isEqualTo(evening).hasSize(16).matches("[A-Za-z0-9_-]+").doesNotContain(MAC);
        assertThat(tokens.token("a4:5e:60:d1:22:10", Instant.parse("2026-11-23T07:05:00Z"))).isNotEqualTo(morning);
    }

    @Test
    void theNextLocalDayGivesAnotherToken() {
        String late = tokens.token(MAC, Instant.parse("2026-11-23T22:59:00Z"));     // 23:59 in Stockholm
        String afterMidnight = tokens.token(MAC, Instant.parse("2026-11-23T23:01:00Z")); // 00:01 the next day
        assertThat(afterMidnight).isNotEqualTo(late);
        // and back: the day's key is derived again, not stuck on the last one
        assertThat(tokens.token(MAC, Instant.parse("2026-11-23T12:00:00Z"))).isEqualTo(late);
    }

    @Test
    void anotherSecretGivesOtherTokensAndTooShortASecretIsRefused() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(PresenceTokens.of("another secret, just as long", STOCKHOLM).token(MAC, t)).isNotEqualTo(tokens.token(MAC, t));
        assertThat(PresenceTokens.of(null, STOCKHOLM).token(MAC, t)).as("a random secret of the process when none is set")
                .isEqualTo(PresenceTokens.of(" ", STOCKHOLM).token(MAC, t)).isNotEqualTo(tokens.token(MAC, t));
        assertThatThrownBy(() -> PresenceTokens.of("short", STOCKHOLM)).hasMessageContaining("16 bytes");
    }

    @Test
    void aSerialisedCopyGivesTheSameTokensAndNeverPrintsItsSecret() throws Exception {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tokens);
        }
        PresenceTokens copy = (PresenceTokens) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())).readObject();
        assertThat(copy.token(MAC, t)).isEqualTo(tokens.token(MAC, t));
        assertThat(tokens.toString()).doesNotContain("secret");
    }
}
