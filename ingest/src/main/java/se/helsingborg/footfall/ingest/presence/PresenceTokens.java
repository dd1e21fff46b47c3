package se.helsingborg.footfall.ingest.presence;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the raw identifier a presence sensor saw (a phone's MAC address, a badge number) into an
 * anonymous token, inside ingest, before anything else sees it (DESIGN §4).
 *
 * <p>A token is HMAC-SHA256 of the identifier under a key of the day, itself HMAC-SHA256 of the
 * local date (in the site's time zone) under the secret, cut to its first 12 bytes and written as
 * 16 base64url characters. The same identifier on the same local day always gives the same token,
 * so sessions and zone-to-zone transitions can be followed through a day; on the next day it gives
 * an unrelated one, so nobody can follow a phone from day to day, and without the secret nobody can
 * test a guessed MAC address against a token (MAC addresses are few enough to try them all against
 * a plain hash). 96 bits keep two of a day's few thousand phones from sharing a token by chance.
 *
 * <p>The secret comes from {@code FOOTFALL_TOKEN_SECRET}. Without it a random secret is drawn for
 * this process, with a warning: tokens are then consistent within the run but a restarted job
 * gives a phone a new token mid-day (splitting its session in two). The secret travels inside this
 * object with the job graph, so every parallel decoder of one job uses the same one.
 */
public final class PresenceTokens implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PresenceTokens.class);

    public static final String SECRET_VARIABLE = "FOOTFALL_TOKEN_SECRET";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int TOKEN_BYTES = 12;

    private final byte[] secret;
    /** Whether the secret is the random one of the process, not one the operator set. */
    private final boolean processSecret;
    private final ZoneId timezone;
    /** The last day's key, so a day's sightings derive it once (days change rarely). */
    private transient LocalDate keyDay;
    private transient byte[] dayKey;

    public PresenceTokens(byte[] secret, ZoneId timezone) {
        this(secret, timezone, false);
    }

    private PresenceTokens(byte[] secret, ZoneId timezone, boolean processSecret) {
        this.processSecret = processSecret;
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 16) {
            throw new IllegalArgumentException("a token secret needs at least 16 bytes");
        }
        this.secret = secret.clone();
        this.timezone = Objects.requireNonNull(timezone, "timezone");
    }

    /** Keyed by {@code FOOTFALL_TOKEN_SECRET}, or by a random secret of this process (with a warning). */
    public static PresenceTokens fromEnvironment(ZoneId timezone) {
        return of(System.getenv(SECRET_VARIABLE), timezone);
    }

    static PresenceTokens of(String secretText, ZoneId timezone) {
        if (secretText == null || secretText.isBlank()) {
            return new PresenceTokens(ProcessSecret.BYTES, timezone, true);
        }
        byte[] bytes = secretText.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 16) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must be at least 16 bytes long");
        }
        return new PresenceTokens(bytes, timezone);
    }

    /** A random secret drawn once per process when none is set, with the warning said once. */
    private static final class ProcessSecret {
        static final byte[] BYTES = draw();

        /** Said when the first token is made with it, so sites without presence sensors hear nothing. */
        static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

        static void warnOnce() {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("{} is not set: presence tokens use a random secret of this process and will not match"
                        + " the tokens of the same phones after a restart", SECRET_VARIABLE);
            }
        }

        private static byte[] draw() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
    }

    /**
     * The token of {@code rawId} seen at {@code time}. Identifiers are compared trimmed and in lower
     * case, so {@code A4:5E:60:…} and {@code a4:5e:60:…} are one phone.
     */
    public synchronized String token(String rawId, Instant time) {
        if (processSecret) {
            ProcessSecret.warnOnce();
        }
        LocalDate day = time.atZone(timezone).toLocalDate();
        if (!day.equals(keyDay)) {
            dayKey = hmac(secret, "footfall presence day " + day);
            keyDay = day;
        }
        byte[] digest = hmac(dayKey, rawId.trim().toLowerCase(Locale.ROOT));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, TOKEN_BYTES));
    }

    public ZoneId timezone() {
        return timezone;
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "PresenceTokens[" + timezone + "]";
    }
}
