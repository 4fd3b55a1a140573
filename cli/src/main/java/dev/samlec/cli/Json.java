package dev.samlec.cli;

import dev.samlec.mech.metadata.DisplayText;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON writer for the CLI's one-line reports: strings, booleans, string lists and nested maps. Strings are
 * escaped so that a line stays one line and shows nothing hidden on a terminal: besides C0 controls, every character
 * {@link DisplayText#isUnsafe(int)} names (DEL, C1 controls, bidi and other format characters, U+2028/U+2029) is
 * written as a {@code \\u} escape of four hex digits.
 */
final class Json {
    private Json() {
    }

    /** Serialises a map whose values are String, Boolean, Number, List of String, or Map (insertion order kept). */
    static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, e.getKey());
            out.append(':');
            value(out, e.getValue());
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean || v instanceof Number) {
            out.append(v);
        } else if (v instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) v;
            out.append(object(map));
        } else if (v instanceof List) {
            out.append('[');
            List<?> list = (List<?>) v;
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i));
            }
            out.append(']');
        } else {
            string(out, v.toString());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (DisplayText.isUnsafe(c)) {
                        for (char unit : Character.toChars(c)) {
                            out.append(String.format("\\u%04x", (int) unit));
                        }
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
