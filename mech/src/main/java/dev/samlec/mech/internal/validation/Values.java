package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import org.opensaml.core.xml.XMLObject;
import org.w3c.dom.Element;

/** Small helpers for error messages and for reading text exactly as it was signed. */
final class Values {
    private static final int MAX_SHOWN = 200;

    private Values() {
    }

    /** A failure. */
    static EcpException fail(EcpError error, String message) {
        return new EcpException(error, message);
    }

    /** "{@code field}: expected {@code expected}, saw {@code seen}" with both values quoted. */
    static EcpException mismatch(EcpError error, String field, String expected, String seen) {
        return new EcpException(error, field + ": expected " + quote(expected) + ", saw " + quote(seen));
    }

    /**
     * A peer-supplied value for a message: quoted, control characters replaced, at most 200 characters; "none" for
     * null.
     */
    static String quote(String value) {
        if (value == null) {
            return "none";
        }
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 8).append('\'');
        for (int i = 0; i < value.length() && i < MAX_SHOWN; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? '?' : c);
        }
        if (value.length() > MAX_SHOWN) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    /**
     * The full text content of an unmarshalled element (all text children concatenated, which is what exclusive
     * canonicalization saw), or null if the element or its DOM is missing.
     */
    static String text(XMLObject object) {
        if (object == null) {
            return null;
        }
        Element dom = object.getDOM();
        return dom == null ? null : dom.getTextContent();
    }
}
