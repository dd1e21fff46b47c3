package se.helsingborg.footfall.ingest.presence;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Keeps raw identifiers out of {@code rejected_messages}. A rejected message is stored with its
 * payload as received, so an operator can see what was wrong; for a presence message that payload
 * would hold the very MAC addresses that must never leave ingest. Before a rejected payload is
 * passed on, the value of every {@code "ids"} field is replaced by {@code ["redacted"]}, whether the
 * JSON around it is whole or cut short (then everything from the ids onwards goes), and a reason
 * that quotes a fragment of such a payload (Jackson names the token it choked on) loses the quote.
 * Only the field Footfall JSON defines for identifiers is known to hold them; a sender that puts
 * them under another name is not recognised.
 */
public final class PresenceRedaction {
    static final String IDS = "\"ids\"";
    static final String REDACTED = "[\"redacted\"]";
    private static final Pattern QUOTED = Pattern.compile("'[^']*'");

    private PresenceRedaction() {}

    public static boolean mentionsIds(byte[] payload) {
        return payload != null && new String(payload, StandardCharsets.UTF_8).contains(IDS);
    }

    /** The payload with the value of each {@code "ids"} field replaced; unchanged when it has none. */
    public static byte[] payload(byte[] payload) {
        if (!mentionsIds(payload)) {
            return payload;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        for (int at = text.indexOf(IDS); at >= 0; at = text.indexOf(IDS, from)) {
            int colon = at + IDS.length();
            while (colon < text.length() && Character.isWhitespace(text.charAt(colon))) {
                colon++;
            }
            out.append(text, from, colon);
            if (colon >= text.length() || text.charAt(colon) != ':') {
                from = colon; // "ids" as a value, not a key: nothing follows it to redact
                continue;
            }
            out.append(": ").append(REDACTED);
            from = endOfValue(text, colon + 1);
        }
        out.append(text, from, text.length());
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A reason without the fragments of a payload with identifiers that it quotes. */
    public static String reason(String reason, byte[] payload) {
        return reason == null || !mentionsIds(payload) ? reason : QUOTED.matcher(reason).replaceAll("'…'");
    }

    /**
     * Where the JSON value starting at or after {@code i} ends: past the bracket that closes an
     * array or object (strings inside it read with their escapes, so a bracket in an id does not
     * end it), past a string, or at the next comma or brace of a bare value; the end of the text
     * when the message is cut short.
     */
    private static int endOfValue(String text, int i) {
        int depth = 0;
        boolean inString = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    return i; // a bare value ends at its object's closing brace
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}
