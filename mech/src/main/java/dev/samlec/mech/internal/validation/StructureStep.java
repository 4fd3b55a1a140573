package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.util.List;
import java.util.Set;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Step 2: the Response's element layout. Only Issuer, Signature, Extensions, Status and exactly one Assertion or
 * EncryptedAssertion may be children (no assertion at all only when the status is not Success, which the next step
 * then reports); Extensions may not carry SAML, XML Signature or XML Encryption elements; no
 * other Response, Assertion or Signature may hide anywhere else; no assertion content (a {@code saml:*} element such
 * as an Attribute or NameID) sits outside the plain assertion except the Response's Issuer; every ID value in the
 * document is unique.
 */
public final class StructureStep implements ValidationStep {
    private static final Set<String> FORBIDDEN_IN_EXTENSIONS = Set.of(Dom.SAML, Dom.SAMLP, Dom.DS, Dom.DS11,
            Dom.XENC, Dom.XENC11);

    @Override
    public void apply(ValidationState state) throws EcpException {
        Element root = state.document().getDocumentElement();
        IdUniqueness.checkSyntax("Response", root.hasAttributeNS(null, "ID") ? root.getAttributeNS(null, "ID") : null);
        Element assertion = checkResponseChildren(root);
        if (assertion == null) {
            // An error Response carries no assertion; the status step reports it. A Success must carry one.
            if (isSuccess(state)) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: expected exactly one Assertion or "
                        + "EncryptedAssertion, saw none");
            }
            checkNothingHidden(root, null);
            checkAssertionContentInPlace(root, null);
            IdUniqueness.collect(root);
            return;
        }
        if (Dom.is(assertion, Dom.SAML, "Assertion")) {
            AssertionShape.check(assertion);
            state.encrypted(false);
        } else {
            EncryptedAssertionShape.check(assertion);
            state.encrypted(true);
        }
        checkNothingHidden(root, assertion);
        checkAssertionContentInPlace(root, assertion);
        state.outerIds(IdUniqueness.collect(root).keySet());
        if (state.encrypted() != (state.response().getEncryptedAssertions().size() == 1)
                || state.response().getAssertions().size() + state.response().getEncryptedAssertions().size() != 1) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: the unmarshalled assertions do not match the "
                    + "document");
        }
        if (!state.encrypted()) {
            state.assertion(state.response().getAssertions().get(0));
        }
    }

    private static boolean isSuccess(ValidationState state) {
        Status status = state.response().getStatus();
        return status != null && status.getStatusCode() != null
                && StatusCode.SUCCESS.equals(status.getStatusCode().getValue());
    }

    /** Checks the children and returns the one Assertion or EncryptedAssertion element, or null if there is none. */
    private static Element checkResponseChildren(Element root) throws EcpException {
        Element assertion = null;
        int issuers = 0;
        int signatures = 0;
        int extensions = 0;
        int statuses = 0;
        for (Element child : Dom.children(root)) {
            if (Dom.is(child, Dom.SAML, "Issuer")) {
                issuers++;
            } else if (Dom.is(child, Dom.DS, "Signature")) {
                signatures++;
            } else if (Dom.is(child, Dom.SAMLP, "Extensions")) {
                extensions++;
                checkExtensions(child);
            } else if (Dom.is(child, Dom.SAMLP, "Status")) {
                statuses++;
            } else if (Dom.is(child, Dom.SAML, "Assertion") || Dom.is(child, Dom.SAML, "EncryptedAssertion")) {
                if (assertion != null) {
                    throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: expected exactly one Assertion or "
                            + "EncryptedAssertion, saw more than one");
                }
                assertion = child;
            } else {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: unexpected child element " + Dom.name(child));
            }
        }
        if (issuers > 1 || signatures > 1 || extensions > 1 || statuses != 1) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: expected at most one Issuer, Signature and "
                    + "Extensions and exactly one Status, saw " + issuers + ", " + signatures + ", " + extensions
                    + " and " + statuses);
        }
        return assertion;
    }

    private static void checkExtensions(Element extensions) throws EcpException {
        for (String ns : FORBIDDEN_IN_EXTENSIONS) {
            if (extensions.getElementsByTagNameNS(ns, "*").getLength() > 0) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Response Extensions: elements in namespace " + ns
                        + " are not allowed there");
            }
        }
    }

    /**
     * Every {@code saml:*} element is the Response's own Issuer, the {@code assertion} (null for none) or, for a plain
     * Assertion, inside it; an EncryptedAssertion's wrapper holds no SAML content. An Attribute, NameID, Subject or
     * Conditions in Status, StatusDetail, a KeyInfo or the encryption wrapper is unsigned data that a careless reader
     * could take for part of the identity (attribute smuggling, passport-wsfed-saml2 CVE-2025-46573).
     */
    private static void checkAssertionContentInPlace(Element root, Element assertion) throws EcpException {
        boolean plain = assertion != null && Dom.is(assertion, Dom.SAML, "Assertion");
        for (Element e : Dom.descendants(root, Dom.SAML, "*")) {
            boolean responseIssuer = e.getParentNode() == root && "Issuer".equals(e.getLocalName());
            if (!responseIssuer && e != assertion && !(plain && isWithin(e, assertion))) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: unexpected " + Dom.name(e) + " inside "
                        + Dom.name((Element) e.getParentNode()) + " (SAML assertion content belongs in the assertion)");
            }
        }
    }

    private static boolean isWithin(Node node, Element ancestor) {
        for (Node n = node; n != null; n = n.getParentNode()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    /** No Response, Assertion, EncryptedAssertion or Signature anywhere except in their expected places. */
    private static void checkNothingHidden(Element root, Element assertion) throws EcpException {
        if (!Dom.descendants(root, Dom.SAMLP, "Response").isEmpty()) {
            throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: contains another samlp:Response element");
        }
        for (String local : List.of("Assertion", "EncryptedAssertion")) {
            for (Element e : Dom.descendants(root, Dom.SAML, local)) {
                if (e != assertion && (assertion == null || !Dom.insideAdvice(e, assertion))) {
                    throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: unexpected " + Dom.name(e) + " inside "
                            + Dom.name((Element) e.getParentNode()));
                }
            }
        }
        for (Element signature : Dom.descendants(root, Dom.DS, "Signature")) {
            boolean expected = signature.getParentNode() == root || assertion != null
                    && (signature.getParentNode() == assertion || Dom.insideAdvice(signature, assertion));
            if (!expected) {
                throw Values.fail(EcpError.INVALID_STRUCTURE, "Response: unexpected ds:Signature inside "
                        + Dom.name((Element) signature.getParentNode()));
            }
        }
    }
}
