package dev.samlec.testkit;

import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;

/**
 * A {@code cb:ChannelBindings} element's Type and decoded value, as the demo IdP compares them (its own small type:
 * the IdP is an independent peer and does not reuse samlec's message classes for what it checks). Immutable.
 */
final class ChannelBindingValue {
    private final String type;
    private final byte[] value;

    ChannelBindingValue(String type, byte[] value) {
        this.type = type;
        this.value = value.clone();
    }

    /**
     * Reads an element: a non-blank Type and a non-empty standard base64 value (whitespace ignored); empty if it is
     * not one.
     */
    static Optional<ChannelBindingValue> read(ChannelBindings element) {
        String type = element.getType();
        String text = element.getValue();
        if (type == null || type.isBlank() || text == null) {
            return Optional.empty();
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(text.replaceAll("\\s", ""));
            return decoded.length == 0 ? Optional.empty() : Optional.of(new ChannelBindingValue(type.trim(), decoded));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String type() {
        return type;
    }

    /** The value as standard base64 without line breaks. */
    String base64() {
        return Base64.getEncoder().encodeToString(value);
    }

    boolean sameType(ChannelBindingValue other) {
        return type.equals(other.type);
    }

    /** Same Type and value; the value comparison takes constant time. */
    boolean matches(ChannelBindingValue other) {
        return sameType(other) && MessageDigest.isEqual(value, other.value);
    }

    @Override
    public String toString() {
        return "ChannelBindingValue[type=" + type + ", length=" + value.length + "]";
    }
}
