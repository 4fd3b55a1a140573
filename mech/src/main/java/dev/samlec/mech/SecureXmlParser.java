package dev.samlec.mech;

import dev.samlec.mech.internal.xml.CheckedParserPool;
import dev.samlec.mech.internal.xml.InfosetCheck;
import dev.samlec.mech.internal.xml.InfosetViolation;
import dev.samlec.mech.internal.xml.OpenSaml;
import java.io.ByteArrayInputStream;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.w3c.dom.Document;

/**
 * Parses XML from the wire with the hardened pool, after checking a size cap, and turns every parser complaint
 * into a typed {@link EcpException}.
 *
 * <p>Beyond well-formedness, a parsed document must nest at most {@link #maxDepth()} elements deep, have at most
 * {@link #MAX_NAMESPACES_IN_SCOPE} namespace declarations in scope at any element, use only namespace-well-formed
 * names, and hold no processing instruction inside its document element; processing
 * instructions before or after it are dropped. These checks run in one iterative walk before anything recursive
 * (DOM import, unmarshalling, canonicalisation) sees the document, so hostile nesting fails with
 * {@link EcpError#XML_TOO_DEEP} instead of exhausting a thread's stack.
 */
public final class SecureXmlParser {
    /** Default cap on one message: 256 KiB, far above the ~13 KiB of a real signed IdP response. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024;
    /**
     * The most namespace declarations in scope at any element of a parsed document (its own and its ancestors');
     * beyond it a parse fails with {@link EcpError#XML_TOO_COMPLEX}.
     */
    public static final int MAX_NAMESPACES_IN_SCOPE = InfosetCheck.MAX_NAMESPACES_IN_SCOPE;

    private final int maxBytes;
    private final CheckedParserPool pool;

    /** A parser with the given size cap in bytes and the default depth limit ({@link #defaultMaxDepth()}). */
    public SecureXmlParser(int maxBytes) {
        this(maxBytes, defaultMaxDepth());
    }

    /** A parser with the given size cap in bytes and nesting limit in elements (the document element is 1). */
    public SecureXmlParser(int maxBytes, int maxDepth) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be positive, was " + maxDepth);
        }
        this.maxBytes = maxBytes;
        this.pool = OpenSaml.parserPool().withMaxDepth(maxDepth);
    }

    private SecureXmlParser(int maxBytes, CheckedParserPool pool) {
        this.maxBytes = maxBytes;
        this.pool = pool;
    }

    /**
     * A parser for federation metadata with the given size cap: the same checks as for messages, except that the
     * tens of thousands of entities of an aggregate under one parent are not refused as
     * {@link EcpError#XML_TOO_COMPLEX} (each is charged for at most 4,096 siblings before it, a message's children for
     * all of them).
     */
    public static SecureXmlParser forMetadata(int maxBytes) {
        SecureXmlParser checked = new SecureXmlParser(maxBytes);
        return new SecureXmlParser(maxBytes, checked.pool.forAggregates());
    }

    /** A parser with the {@link #DEFAULT_MAX_BYTES} cap. */
    public static SecureXmlParser withDefaultLimit() {
        return new SecureXmlParser(DEFAULT_MAX_BYTES);
    }

    /**
     * The nesting limit every parse uses unless a parser is given its own: the system property
     * {@code dev.samlec.xml.maxDepth} (read once), else 64. It also bounds documents OpenSAML parses itself, such as
     * the plaintext of an encrypted assertion.
     */
    public static int defaultMaxDepth() {
        return OpenSaml.parserPool().maxDepth();
    }

    /** The size cap in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The nesting limit in elements. */
    public int maxDepth() {
        return pool.maxDepth();
    }

    /**
     * Parses {@code xml}; {@code what} names the message in errors ("IdP response", "PAOS request", ...).
     *
     * @throws EcpException {@link EcpError#MESSAGE_TOO_LARGE}, {@link EcpError#DTD_FORBIDDEN},
     *     {@link EcpError#XML_TOO_DEEP} or {@link EcpError#MALFORMED_XML}
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
            return pool.parse(new ByteArrayInputStream(xml));
        } catch (InfosetViolation e) {
            throw new EcpException(e.error(), what + ": " + e.getMessage(), e);
        } catch (XMLParserException e) {
            String reason = rootMessage(e);
            if (reason.contains("DOCTYPE") || reason.contains("doctype")) {
                throw new EcpException(EcpError.DTD_FORBIDDEN,
                        what + " contains a DOCTYPE declaration; DTDs are not allowed", e);
            }
            if (reason.contains("JAXP00010006") || reason.contains("maxElementDepth")) {
                // JDK 24+ parsers stop at jdk.xml.maxElementDepth (100 by default) before samlec's own walk runs.
                throw new EcpException(EcpError.XML_TOO_DEEP, what + ": elements are nested deeper than the JDK's XML"
                        + " parser allows (jdk.xml.maxElementDepth); samlec's own limit is " + pool.maxDepth(), e);
            }
            if (reason.contains("JAXP00010002") || reason.contains("elementAttributeLimit")) {
                throw new EcpException(EcpError.XML_TOO_COMPLEX, what + ": an element has more attributes than the"
                        + " XML parser allows (jdk.xml.elementAttributeLimit, 10,000); real SAML messages and"
                        + " metadata have a few per element", e);
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
