package dev.samlec.sasl;

/**
 * One value of a samlec login audit line ({@code SAML20EC login accepted: nameId="..." issuer="..." ...}), as the
 * server integrations (LDAP, Kafka) write it. The values come from the peer (NameID, issuer, reasons that quote
 * peer text), so each is put in double quotes with every character that could forge or hide part of a line
 * replaced by {@code ?}: control characters (C0 and C1), format characters such as bidi overrides, line and
 * paragraph separators, and the quote itself; at most 500 code points are kept.
 */
public final class AuditValue {
    /** The most code points of a value that are logged. */
    public static final int MAX_CODE_POINTS = 500;

    private AuditValue() {
    }

    /** {@code value} quoted and made safe for one log line; {@code -} for null. */
    public static String quote(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_CODE_POINTS) + 2).append('"');
        value.codePoints().limit(MAX_CODE_POINTS).forEach(c -> out.appendCodePoint(safe(c) ? c : '?'));
        return out.append('"').toString();
    }

    private static boolean safe(int c) {
        int type = Character.getType(c);
        return c != '"' && type != Character.CONTROL && type != Character.FORMAT
                && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR;
    }
}
