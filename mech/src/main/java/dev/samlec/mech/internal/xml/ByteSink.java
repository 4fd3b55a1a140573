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
