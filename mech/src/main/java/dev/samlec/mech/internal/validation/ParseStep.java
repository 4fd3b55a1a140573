package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.xml.InfosetCheck;
import dev.samlec.mech.internal.xml.InfosetViolation;
import dev.samlec.mech.internal.xml.OpenSaml;
import dev.samlec.mech.SecureXmlParser;
import java.util.Objects;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.io.Unmarshaller;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.Response;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Step 1: parse with the hardened parser (size cap, no DOCTYPE, comments dropped) and unmarshal with OpenSAML; the
 * root must be a SAML 2.0 {@code samlp:Response}.
 */
public final class ParseStep implements ValidationStep {
    private final SecureXmlParser parser;

    /** A step parsing with {@code parser}. */
    public ParseStep(SecureXmlParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    @Override
    public void apply(ValidationState state) throws EcpException {
        OpenSaml.ensureInitialized();
        Document document = state.document();
        if (document == null) {
            document = parser.parse(state.input(), "SAML Response");
            state.document(document);
        } else if (document.getDoctype() != null) {
            throw Values.fail(EcpError.DTD_FORBIDDEN, "SAML Response document has a DOCTYPE; DTDs are not allowed");
        } else {
            // A document the application parsed itself gets the same depth and name checks as the wire's.
            try {
                InfosetCheck.check(document, parser.maxDepth());
            } catch (InfosetViolation e) {
                throw new EcpException(e.error(), "SAML Response document: " + e.getMessage(), e);
            }
        }
        Element root = document.getDocumentElement();
        if (root == null || !Dom.is(root, Dom.SAMLP, "Response")) {
            throw Values.fail(EcpError.MALFORMED_MESSAGE, "root element: expected {" + Dom.SAMLP + "}Response, saw "
                    + (root == null ? "none" : Dom.name(root)));
        }
        String version = root.getAttributeNS(null, "Version");
        if (!"2.0".equals(version)) {
            throw Values.mismatch(EcpError.INVALID_STRUCTURE, "Response Version", "2.0",
                    root.hasAttributeNS(null, "Version") ? version : null);
        }
        state.response(unmarshal(root));
    }

    private static Response unmarshal(Element root) throws EcpException {
        Unmarshaller unmarshaller = XMLObjectSupport.getUnmarshaller(root);
        if (unmarshaller == null) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "OpenSAML has no unmarshaller for samlp:Response");
        }
        try {
            XMLObject object = unmarshaller.unmarshall(root);
            if (!(object instanceof Response)) {
                throw Values.fail(EcpError.MALFORMED_MESSAGE, "root element did not unmarshal to a SAML Response");
            }
            return (Response) object;
        } catch (UnmarshallingException | RuntimeException e) {
            throw new EcpException(EcpError.MALFORMED_MESSAGE,
                    "SAML Response could not be read as SAML 2.0: " + rootCause(e), e);
        }
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return Values.quote(message == null ? root.getClass().getSimpleName() : message);
    }
}
