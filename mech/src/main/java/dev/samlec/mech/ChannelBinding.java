package dev.samlec.mech;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A channel binding as it travels in SAML: a binding type such as {@code tls-server-end-point} or
 * {@code tls-exporter} and the value compared end to end (base64 in XML, raw bytes here).
 *
 * <p>In SAML20EC-PLUS the value is {@code gs2Header || cbData}: the ASCII bytes of the client's initial response up to
 * and including its second comma, followed by the TLS channel-binding data. This record does not interpret it.
 *
 * <p>Immutable: the value is copied in and out. Equality compares type and value content; {@link #toString()} shows
 * only the type and the value's length.
 *
 * @param type the channel-binding type, {@code 1*(ALPHA / DIGIT / "." / "-")} (RFC 5056 naming)
 * @param value the binding value, at least one byte
 */
public record ChannelBinding(String type, byte[] value) {
    /** The RFC 5929 type binding the server's certificate. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";
    /** The RFC 9266 type binding the TLS session's exported keying material. */
    public static final String TLS_EXPORTER = "tls-exporter";

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9.-]+");

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException if the type is not a valid channel-binding name or the value is empty
     */
    public ChannelBinding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        if (!isValidType(type)) {
            throw new IllegalArgumentException("channel-binding type must match 1*(ALPHA / DIGIT / \".\" / \"-\"), "
                    + "was '" + printable(type) + "'");
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("channel-binding value must not be empty");
        }
        value = value.clone();
    }

    /** Whether {@code type} is a syntactically valid channel-binding type name. */
    public static boolean isValidType(String type) {
        return type != null && TYPE.matcher(type).matches();
    }

    /** The binding value; a copy. */
    @Override
    public byte[] value() {
        return value.clone();
    }

    /** Whether {@code other} has the same type and value; the value comparison takes constant time. */
    public boolean matches(ChannelBinding other) {
        return other != null && type.equals(other.type)
                && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelBinding && matches((ChannelBinding) o);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ChannelBinding[type=" + type + ", length=" + value.length + "]";
    }

    private static String printable(String s) {
        String cleaned = s.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "?");
        return cleaned.length() <= 64 ? cleaned : cleaned.substring(0, 64) + "...";
    }
}
