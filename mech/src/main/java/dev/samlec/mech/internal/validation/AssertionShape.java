package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * The element layout of one top-level {@code saml:Assertion} (plain or decrypted): only the children SAML core
 * allows, each at most as often as allowed, no assertion nested outside {@code saml:Advice}, signatures only as a
 * direct child of an assertion, and no SAML element inside a signature (its KeyInfo is covered by no digest).
 */
final class AssertionShape {
    private static final Map<String, Integer> MAX_CHILDREN = Map.of(
            "Issuer", 1, "Signature", 1, "Subject", 1, "Conditions", 1, "Advice", 1,
            "Statement", Integer.MAX_VALUE, "AuthnStatement", Integer.MAX_VALUE,
            "AuthzDecisionStatement", Integer.MAX_VALUE, "AttributeStatement", Integer.MAX_VALUE);

    private AssertionShape() {
    }

    static void check(Element assertion) throws EcpException {
        if (!"2.0".equals(assertion.getAttributeNS(null, "Version"))) {
            throw Values.mismatch(EcpError.INVALID_STRUCTURE, "Assertion Version", "2.0",
                    assertion.hasAttributeNS(null, "Version") ? assertion.getAttributeNS(null, "Version") : null);
        }
        IdUniqueness.checkSyntax("Assertion", assertion.hasAttributeNS(null, "ID")
                ? assertion.getAttributeNS(null, "ID") : null);
        checkChildren(assertion);
        for (Element nested : Dom.descendants(assertion, Dom.SAML, "Assertion")) {
            requireInsideAdvice(assertion, nested);
        }
        for (Element nested : Dom.descendants(assertion, Dom.SAML, "EncryptedAssertion")) {
            requireInsideAdvice(assertion, nested);
        }
        for (Element signature : Dom.descendants(assertion, Dom.DS, "Signature")) {
            if (signature.getParentNode() != assertion) {
                requireInsideAdvice(assertion, signature);
            }
            checkNoSamlInside(signature);
        }
        if (!Dom.descendants(assertion, Dom.SAMLP, "Response").isEmpty()) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion contains a samlp:Response element");
        }
    }

    private static void checkChildren(Element assertion) throws EcpException {
        List<Element> children = Dom.children(assertion);
        if (children.isEmpty() || !Dom.is(children.get(0), Dom.SAML, "Issuer")) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion: expected saml:Issuer as first child, saw "
                    + (children.isEmpty() ? "none" : Dom.name(children.get(0))));
        }
        // one count per name, in one pass: counting a name's siblings for each child was quadratic in them
        Map<String, Integer> seen = new HashMap<>();
        for (Element child : children) {
            String local = child.getLocalName();
            String expectedNs = "Signature".equals(local) ? Dom.DS : Dom.SAML;
            Integer max = MAX_CHILDREN.get(local);
            if (max == null || !expectedNs.equals(child.getNamespaceURI())) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion: unexpected child element " + Dom.name(child));
            }
            if (seen.merge(local, 1, Integer::sum) > max) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion: more than " + max + " " + local
                        + " element(s)");
            }
        }
    }

    /** A ds:Signature (KeyInfo included) is outside every digest, so SAML content there is smuggled, not signed. */
    private static void checkNoSamlInside(Element signature) throws EcpException {
        List<Element> smuggled = Dom.descendants(signature, Dom.SAML, "*");
        if (!smuggled.isEmpty()) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion: unexpected " + Dom.name(smuggled.get(0))
                    + " inside its ds:Signature");
        }
    }

    private static void requireInsideAdvice(Element assertion, Element nested) throws EcpException {
        if (!Dom.hasAncestor(nested, assertion, Dom.SAML, "Advice")) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Assertion: unexpected " + Dom.name(nested)
                    + " nested inside it (outside saml:Advice)");
        }
    }
}
