package dev.samlec.mech.internal.validation;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.GeneratedKeyMaterial;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Step 10a (SAML-EC session keys, draft section 5.3.1): reads the IdP's {@code samlec:GeneratedKey} from the
 * validated assertion's {@code saml:Advice}, where the draft puts the service's copy of the key.
 *
 * <p>Runs after the signature step, so the assertion is the one a verified signature covers (the decrypted one
 * for an EncryptedAssertion). Only direct children of the assertion's own Advice count. Each failure is
 * {@link EcpError#SESSION_KEY_MISMATCH}: two or more keys (which one would both sides use?), content that is not
 * base64 or is empty or longer than {@value GeneratedKeyMaterial#MAX_BYTES} bytes, and a key in an assertion that
 * was not encrypted: the draft makes encryption a MUST when a key is issued, since anyone who saw the assertion
 * would otherwise know the session key. No key is not a failure here; whether one is required is the SASL
 * server's decision.
 */
public final class GeneratedKeyStep implements ValidationStep {
    /** The samlec namespace (draft Appendix A). */
    static final String SAMLEC = "urn:ietf:params:xml:ns:samlec";
    private static final String FIELD = "Assertion Advice samlec:GeneratedKey";

    @Override
    public void apply(ValidationState state) throws EcpException {
        Element assertion = state.assertion().getDOM();
        if (assertion == null) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "assertion has no DOM for the generated-key check");
        }
        List<Element> advice = Dom.children(assertion, Dom.SAML, "Advice");
        if (advice.isEmpty()) {
            return;
        }
        List<Element> keys = Dom.children(advice.get(0), SAMLEC, "GeneratedKey");
        if (keys.isEmpty()) {
            return;
        }
        if (keys.size() > 1) {
            throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": expected at most one, saw " + keys.size());
        }
        if (!state.encrypted()) {
            throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": a key is only accepted in an encrypted"
                    + " assertion (draft section 5.3.1), saw one in a plain saml:Assertion");
        }
        state.generatedKey(decode(keys.get(0)));
    }

    private static GeneratedKeyMaterial decode(Element key) throws EcpException {
        for (Node n = key.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": expected base64 text, saw a child element "
                        + Dom.name((Element) n));
            }
        }
        String text = key.getTextContent().replaceAll("[ \t\r\n]", "");
        // 4/3 of the byte cap, rounded up to whole base64 quads: longer text is refused before decoding.
        if (text.isEmpty() || text.length() > (GeneratedKeyMaterial.MAX_BYTES + 2) / 3 * 4) {
            throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": expected 1 to "
                    + GeneratedKeyMaterial.MAX_BYTES + " bytes of base64, saw " + text.length() + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": expected base64, saw text that is not");
        }
        try {
            if (bytes.length == 0 || bytes.length > GeneratedKeyMaterial.MAX_BYTES) {
                throw Values.fail(EcpError.SESSION_KEY_MISMATCH, FIELD + ": expected 1 to "
                        + GeneratedKeyMaterial.MAX_BYTES + " bytes, saw " + bytes.length);
            }
            return new GeneratedKeyMaterial(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
