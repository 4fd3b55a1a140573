package dev.samlec.testkit;

/**
 * Text and attribute values escaped as Canonical XML writes them (W3C C14N 1.0 section 2.3, also exclusive c14n):
 * in text {@code &}, {@code <}, {@code >} and CR; in attribute values {@code &}, {@code <}, {@code "}, TAB, LF and
 * CR. A document written this way parses back to the same characters and canonicalizes to the same bytes.
 * Characters XML 1.0 does not allow (most C0 controls, unpaired surrogates, U+FFFE/U+FFFF) are refused: they have no
 * canonical form.
 */
final class C14nText {
    private C14nText() {
    }

    /** Appends {@code value} as character content. */
    static StringBuilder text(StringBuilder out, String value) {
        check(value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out;
    }

    /** Appends {@code  name="value"} (a space first), the value escaped for an attribute. */
    static StringBuilder attribute(StringBuilder out, String name, String value) {
        check(value);
        out.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#x9;");
                case '\n' -> out.append("&#xA;");
                case '\r' -> out.append("&#xD;");
                default -> out.append(c);
            }
        }
        return out.append('"');
    }

    /**
     * Checks that every character of {@code value} is one XML 1.0 allows (its {@code Char} production).
     *
     * @throws IllegalArgumentException naming the first character that is not, and its index
     */
    static void check(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD);
            if (!allowed) {
                throw new IllegalArgumentException(String.format(
                        "character U+%04X at index %d is not allowed in XML", (int) c, i));
            }
        }
    }
}
