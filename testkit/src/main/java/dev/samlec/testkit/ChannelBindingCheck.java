package dev.samlec.testkit;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.opensaml.saml.ext.saml2cb.ChannelBindings;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares the client's {@code cb:ChannelBindings} SOAP header with the one in the signed AuthnRequest's
 * {@code samlp:Extensions} (ECP 2.0 channel binding; SAML20EC-PLUS). Channel binding is in use when either is
 * present; then the request must be signed and verified, both must be present, of the same Type and with equal
 * decoded values. Logs at INFO which case happened, never the values.
 */
final class ChannelBindingCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelBindingCheck.class);

    private final Optional<ChannelBindingValue> matched;
    private final String mismatch;

    private ChannelBindingCheck(Optional<ChannelBindingValue> matched, String mismatch) {
        this.matched = matched;
        this.mismatch = mismatch;
    }

    /** The outcome for a request whose signature was ({@code requestVerified}) or was not verified. */
    static ChannelBindingCheck check(EcpRequest request, boolean requestVerified) {
        Optional<ChannelBindingValue> client = request.clientChannelBinding();
        List<ChannelBindings> extensions = extensions(request.authnRequest());
        if (client.isEmpty() && extensions.isEmpty()) {
            LOG.info("request {}: no channel binding used", request.id());
            return new ChannelBindingCheck(Optional.empty(), null);
        }
        ChannelBindingCheck outcome = compare(client, extensions, requestVerified);
        if (outcome.mismatch != null) {
            LOG.info("request {}: channel bindings refused: {}", request.id(), outcome.mismatch);
        } else {
            LOG.info("request {}: channel bindings of type {} match", request.id(), client.get().type());
        }
        return outcome;
    }

    private static ChannelBindingCheck compare(Optional<ChannelBindingValue> client,
            List<ChannelBindings> extensions, boolean requestVerified) {
        if (!requestVerified) {
            return refused("channel binding is used but the AuthnRequest is not signed");
        }
        if (client.isEmpty()) {
            return refused("the client sent no cb:ChannelBindings header block");
        }
        if (extensions.isEmpty()) {
            return refused("the signed AuthnRequest has no cb:ChannelBindings extension");
        }
        String type = client.get().type();
        List<ChannelBindings> sameType = extensions.stream().filter(e -> type.equals(trimmed(e.getType())))
                .collect(Collectors.toList());
        if (sameType.size() != 1) {
            return refused("the signed AuthnRequest has " + sameType.size() + " cb:ChannelBindings extensions of the"
                    + " client's type " + type + ", expected one");
        }
        Optional<ChannelBindingValue> expected = ChannelBindingValue.read(sameType.get(0));
        if (expected.isEmpty()) {
            return refused("the AuthnRequest's cb:ChannelBindings extension has no base64 value");
        }
        if (!expected.get().matches(client.get())) {
            return refused("the client's channel-binding value differs from the AuthnRequest's");
        }
        return new ChannelBindingCheck(client, null);
    }

    private static List<ChannelBindings> extensions(AuthnRequest request) {
        if (request.getExtensions() == null) {
            return List.of();
        }
        return request.getExtensions().getUnknownXMLObjects(ChannelBindings.DEFAULT_ELEMENT_NAME).stream()
                .filter(ChannelBindings.class::isInstance).map(ChannelBindings.class::cast)
                .collect(Collectors.toList());
    }

    private static String trimmed(String type) {
        return type == null ? null : type.trim();
    }

    private static ChannelBindingCheck refused(String reason) {
        return new ChannelBindingCheck(Optional.empty(), reason);
    }

    /** Whether channel binding was used and did not match (the IdP then answers with an error Response). */
    boolean mismatched() {
        return mismatch != null;
    }

    /** The matching binding, to echo in the answer header and every assertion's Advice; empty when not used. */
    Optional<ChannelBindingValue> matched() {
        return matched;
    }
}
