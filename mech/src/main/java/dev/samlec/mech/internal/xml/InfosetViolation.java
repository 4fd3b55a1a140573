package dev.samlec.mech.internal.xml;

import dev.samlec.mech.EcpError;
import net.shibboleth.utilities.java.support.xml.XMLParserException;

/**
 * A parsed document that samlec refuses to process further (too deep, a name that is not namespace-well-formed, a
 * processing instruction inside the content). It is a parser exception, so OpenSAML code that parses through
 * samlec's pool (decryption) fails as it does for malformed XML.
 */
public final class InfosetViolation extends XMLParserException {
    private static final long serialVersionUID = 1L;

    private final transient EcpError error;

    InfosetViolation(EcpError error, String message) {
        super(message);
        this.error = error;
    }

    /** The stable code for this violation. */
    public EcpError error() {
        return error;
    }
}
