package dev.samlec.mech.internal.xml;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;

/**
 * A buffered UTF-8 writer into a digest or a byte array, for {@link ExclusiveCanonicalizer}: canonical octets go
 * straight into the hash, with no intermediate copy of the document. Not thread-safe; {@link #flush()} before
 * reading the target.
 */
public final class ByteSink {
    private interface Target {
        void write(byte[] bytes, int offset, int length);
    }

    private final Target target;
    private final byte[] buffer = new byte[4096];
    private int count;

    private ByteSink(Target target) {
        this.target = target;
    }

    /** A sink updating {@code digest}. */
    public static ByteSink into(MessageDigest digest) {
        return new ByteSink(digest::update);
    }

    /** A sink appending to {@code bytes}. */
    public static ByteSink into(ByteArrayOutputStream bytes) {
        return new ByteSink(bytes::write);
    }

    /** Writes what is buffered to the target. */
    public void flush() {
        if (count > 0) {
            target.write(buffer, 0, count);
            count = 0;
        }
    }

    /** Appends a string known to be ASCII (markup). */
    void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buffer[count++] = (byte) s.charAt(i);
        }
    }

    /** Appends a name or URI as UTF-8 without escaping (names hold no markup characters; URIs are escaped by caller). */
    void text(String s) {
        int n = s.length();
        if (n <= buffer.length) {
            room(n);
            int i = 0;
            while (i < n && s.charAt(i) < 0x80) {
                buffer[count++] = (byte) s.charAt(i++);
            }
            if (i == n) {
                return;
            }
            s = s.substring(i);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                codePoint(Character.toCodePoint(c, s.charAt(++i)));
            } else {
                character(c);
            }
        }
    }

    /**
     * Appends {@code s} as c14n text content ({@code &}, {@code <}, {@code >} and CR escaped), or as an attribute
     * value when {@code attribute} ({@code &}, {@code <}, {@code "}, TAB, LF and CR escaped).
     *
     * @return false on an unpaired surrogate (the output is then incomplete)
     */
    boolean escaped(String s, boolean attribute) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            byte[] buf = buffer;
            int pos = count;
            int limit = Math.min(n, i + buf.length - pos);
            // Plain ASCII is copied in a tight loop with the position in a local (the hot path of every message).
            while (i < limit) {
                char c = s.charAt(i);
                if (c < 0x20 || c >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"') {
                    break;
                }
                buf[pos++] = (byte) c;
                i++;
            }
            count = pos;
            if (i == n) {
                return true;
            }
            if (pos == buf.length) {
                flush();
                continue;
            }
            i = special(s, i, s.charAt(i), attribute);
            if (i < 0) {
                return false;
            }
            i++;
        }
        return true;
    }

    /** One character the fast loop of {@link #escaped} does not copy; returns the index of its last UTF-16 unit. */
    private int special(String s, int i, char c, boolean attribute) {
        switch (c) {
            case '&':
                ascii("&amp;");
                return i;
            case '<':
                ascii("&lt;");
                return i;
            case '>':
                ascii(attribute ? ">" : "&gt;");
                return i;
            case '"':
                ascii(attribute ? "&quot;" : "\"");
                return i;
            case '\r':
                ascii("&#xD;");
                return i;
            case '\t':
                ascii(attribute ? "&#x9;" : "\t");
                return i;
            case '\n':
                ascii(attribute ? "&#xA;" : "\n");
                return i;
            default:
                if (!Character.isSurrogate(c)) {
                    character(c);
                    return i;
                }
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    codePoint(Character.toCodePoint(c, s.charAt(i + 1)));
                    return i + 1;
                }
                return -1;
        }
    }

    /** Appends one character that is not a surrogate. */
    void character(char c) {
        room(3);
        if (c < 0x80) {
            buffer[count++] = (byte) c;
        } else if (c < 0x800) {
            buffer[count++] = (byte) (0xC0 | (c >> 6));
            buffer[count++] = (byte) (0x80 | (c & 0x3F));
        } else {
            buffer[count++] = (byte) (0xE0 | (c >> 12));
            buffer[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            buffer[count++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    /** Appends a supplementary code point. */
    void codePoint(int cp) {
        room(4);
        buffer[count++] = (byte) (0xF0 | (cp >> 18));
        buffer[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buffer[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buffer[count++] = (byte) (0x80 | (cp & 0x3F));
    }

    /** Makes room for {@code n} bytes (at most the buffer's size). */
    private void room(int n) {
        if (count + n > buffer.length) {
            flush();
        }
    }
}
