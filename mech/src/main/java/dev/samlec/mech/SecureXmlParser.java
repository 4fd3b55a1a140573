package dev.samlec.mech;

import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.ByteArrayInputStream;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;

/**
 * Parses XML from the wire with the hardened pool, after checking a size cap, and turns every parser complaint
 * into a typed {@link EcpException}.
 */
public final class SecureXmlParser {
    /** Default cap on one message: 256 KiB, far above the ~13 KiB of a real signed IdP response. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;

    private final int maxBytes;

    /** A parser with the given size cap in bytes. */
    public SecureXmlParser(int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** A parser with the {@link #DEFAULT_MAX_BYTES} cap. */
    public static SecureXmlParser withDefaultLimit() {
        return new SecureXmlParser(DEFAULT_MAX_BYTES);
    }

    /** The size cap in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * Parses {@code xml}; {@code what} names the message in errors ("IdP response", "PAOS request", ...).
     *
     * @throws EcpException {@link EcpError#MESSAGE_TOO_LARGE}, {@link EcpError#DTD_FORBIDDEN} or
     *     {@link EcpError#MALFORMED_XML}
     */
    public Document parse(byte[] xml, String what) throws EcpException {
        if (xml == null || xml.length == 0) {
            throw new EcpException(EcpError.MALFORMED_XML, what + " is empty");
        }
        if (xml.length > maxBytes) {
            throw new EcpException(EcpError.MESSAGE_TOO_LARGE,
                    what + " is " + xml.length + " bytes, more than the limit of " + maxBytes + " bytes");
        }
        try {
            return OpenSaml.parserPool().parse(new ByteArrayInputStream(xml));
        } catch (XMLParserException e) {
            String reason = rootMessage(e);
            if (reason.contains("DOCTYPE") || reason.contains("doctype")) {
                throw new EcpException(EcpError.DTD_FORBIDDEN,
                        what + " contains a DOCTYPE declaration; DTDs are not allowed", e);
            }
            throw new EcpException(EcpError.MALFORMED_XML, what + " is not well-formed XML: " + reason, e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
