package dev.samlec.mech.client;

import java.nio.charset.StandardCharsets;

/** Peer-supplied text cut down for error messages and logs: control characters removed, length capped. */
final class Excerpts {
    /** The cap on a peer's body excerpt in a message (STYLE.md: at most 1000 characters). */
    static final int BODY_EXCERPT = 500;

    private Excerpts() {
    }

    /** The start of a body as text, whitespace collapsed, at most {@link #BODY_EXCERPT} characters. */
    static String body(byte[] body) {
        if (body.length == 0) {
            return "(empty body)";
        }
        int n = Math.min(body.length, BODY_EXCERPT * 4);
        return "'" + clean(new String(body, 0, n, StandardCharsets.UTF_8), BODY_EXCERPT) + "'";
    }

    /** {@code text} with control characters replaced by spaces, whitespace runs collapsed, cut to {@code max}. */
    static String clean(String text, int max) {
        String cleaned = text.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}\\uFFFD]", " ").replaceAll("\\s+", " ").strip();
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max) + "...";
    }
}
