package dev.samlec.mech.metadata;

/**
 * Makes text that comes from metadata (a DisplayName, an entityID, a URL) safe to print on a terminal or write to a
 * log: a federation member controls those strings, and a raw control character, an escape sequence (also the C1
 * CSI U+009B), a bidi override (U+202E) or a line separator would let it forge output or log lines. Such characters
 * become {@code '?'}; see {@link #isUnsafe(int)}. Stateless.
 */
public final class DisplayText {
    /** The most characters (code points) {@link #safe(String)} keeps before it cuts the text off with "…". */
    public static final int MAX_LENGTH = 200;

    private DisplayText() {
    }

    /**
     * Whether a code point must not reach a terminal or log raw: ISO controls (C0, DEL, C1 U+0080–U+009F, so also
     * newlines and tabs), format characters (bidi controls such as U+202E, zero-width characters), the line and
     * paragraph separators U+2028/U+2029, and lone surrogates.
     */
    public static boolean isUnsafe(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT
                || codePoint == 0x2028 || codePoint == 0x2029
                || Character.getType(codePoint) == Character.SURROGATE;
    }

    /**
     * {@code text} with every {@link #isUnsafe(int) unsafe} character replaced by {@code '?'} and cut to
     * {@value #MAX_LENGTH} code points plus "…"; {@code null} stays {@code null}.
     */
    public static String safe(String text) {
        return replace(text, MAX_LENGTH);
    }

    /**
     * {@code text} with every {@link #isUnsafe(int) unsafe} character replaced by {@code '?'}, whatever its length
     * (for whole messages, which may be longer than a name); {@code null} stays {@code null}.
     */
    public static String controlsReplaced(String text) {
        return replace(text, Integer.MAX_VALUE);
    }

    private static String replace(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_LENGTH + 1));
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (count == maxLength) {
                return out.append('…').toString();
            }
            if (isUnsafe(cp)) {
                out.append('?');
            } else {
                out.appendCodePoint(cp);
            }
            count++;
        }
        return out.toString();
    }
}
