package dev.samlec.mech.internal.validation;

import dev.samlec.mech.ChannelBinding;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.opensaml.saml.saml2.core.Assertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Step 5b (SAML20EC-PLUS, ECP 2.0 channel binding): when the {@link dev.samlec.mech.service.ValidationContext}
 * names a channel binding, every assertion in use must carry it in its own {@code saml:Advice}.
 *
 * <p>Runs after the signature step, so the assertion examined is the one a verified signature covers (the decrypted
 * one for an EncryptedAssertion), and after the issuer step. The structure step allows exactly one top-level
 * assertion, so "every assertion" is that one; assertions nested inside Advice are evidence, not the
 * authentication statement, and are not examined (nor used for the identity).
 *
 * <p>Rules, each failure being {@link EcpError#CHANNEL_BINDING_MISMATCH}:
 * <ul>
 *   <li>only direct {@code cb:ChannelBindings} children of the assertion's {@code saml:Advice} count: a binding
 *       anywhere else (the Response's Extensions, a nested assertion, a SOAP header) binds nothing;</li>
 *   <li>exactly one of them has the expected {@code Type}; none, or two or more (even with equal values), is
 *       refused, so an ambiguous assertion is never accepted; bindings of other types are ignored;</li>
 *   <li>its content, with XML whitespace removed, is strict base64 whose decoded bytes equal the expected value
 *       (compared in constant time).</li>
 * </ul>
 * Without an expected binding in the context this step does nothing.
 */
public final class ChannelBindingStep implements ValidationStep {
    /** The SAML V2.0 Channel Binding Extensions namespace. */
    static final String CB = "urn:oasis:names:tc:SAML:protocol:ext:channel-binding";

    private static final Logger LOG = LoggerFactory.getLogger(ChannelBindingStep.class);
    private static final String FIELD = "Assertion Advice cb:ChannelBindings";

    @Override
    public void apply(ValidationState state) throws EcpException {
        Optional<ChannelBinding> expected = state.context().channelBinding();
        if (expected.isEmpty()) {
            return;
        }
        for (Assertion assertion : assertionsInUse(state)) {
            check(assertion.getDOM(), expected.get());
        }
    }

    /** The assertions whose content the service will rely on: the one top-level (or decrypted) assertion. */
    private static List<Assertion> assertionsInUse(ValidationState state) {
        return List.of(state.assertion());
    }

    private static void check(Element assertion, ChannelBinding expected) throws EcpException {
        if (assertion == null) {
            throw Values.fail(EcpError.INTERNAL_ERROR, "assertion has no DOM for the channel-binding check");
        }
        List<Element> advice = Dom.children(assertion, Dom.SAML, "Advice");
        if (advice.isEmpty()) {
            throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + ": expected one of Type "
                    + Values.quote(expected.type()) + ", saw no saml:Advice in the assertion");
        }
        List<Element> all = Dom.children(advice.get(0), CB, "ChannelBindings");
        List<Element> ofType = new ArrayList<>();
        for (Element cb : all) {
            if (cb.hasAttributeNS(null, "Type") && expected.type().equals(cb.getAttributeNS(null, "Type"))) {
                ofType.add(cb);
            } else {
                LOG.debug("ignoring a channel binding of another type in the assertion's Advice");
            }
        }
        if (ofType.size() != 1) {
            throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + ": expected exactly one of Type "
                    + Values.quote(expected.type()) + ", saw " + ofType.size() + " of that type (types present: "
                    + typesOf(all) + ")");
        }
        byte[] seen = decode(ofType.get(0));
        if (!MessageDigest.isEqual(seen, expected.value())) {
            throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + " of Type " + Values.quote(expected.type())
                    + ": expected the " + expected.value().length + "-byte binding of this connection, saw a "
                    + "different " + seen.length + "-byte value");
        }
    }

    private static byte[] decode(Element cb) throws EcpException {
        for (Node n = cb.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.ELEMENT_NODE) {
                throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + ": expected base64 text, saw a child "
                        + "element " + Dom.name((Element) n));
            }
        }
        String text = cb.getTextContent().replaceAll("[ \t\r\n]", "");
        if (text.isEmpty()) {
            throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + ": expected a base64 value, saw none");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw Values.fail(EcpError.CHANNEL_BINDING_MISMATCH, FIELD + ": expected base64, saw "
                    + Values.quote(text));
        }
    }

    private static List<String> typesOf(List<Element> bindings) {
        List<String> types = new ArrayList<>();
        for (Element cb : bindings) {
            types.add(cb.hasAttributeNS(null, "Type") ? Values.quote(cb.getAttributeNS(null, "Type")) : "none");
        }
        return types;
    }
}
