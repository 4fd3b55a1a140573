package dev.samlec.testkit;

import java.util.Optional;
import org.opensaml.saml.saml2.core.AuthnRequest;

/** The parts of an ECP request the demo IdP acts on: the AuthnRequest and the client's channel-binding header. */
final class EcpRequest {
    private final AuthnRequest authnRequest;
    private final String issuer;
    private final Optional<ChannelBindingValue> clientChannelBinding;
    private boolean holderOfKey;

    EcpRequest(AuthnRequest authnRequest, String issuer, Optional<ChannelBindingValue> clientChannelBinding) {
        this.authnRequest = authnRequest;
        this.issuer = issuer;
        this.clientChannelBinding = clientChannelBinding;
    }

    /** The unmarshalled AuthnRequest, still attached to the DOM it was parsed from (its signature can be checked). */
    AuthnRequest authnRequest() {
        return authnRequest;
    }

    /** Marks that the client asked for a holder-of-key assertion ({@code ecp:SubjectConfirmation}); returns this. */
    EcpRequest holderOfKey(boolean value) {
        this.holderOfKey = value;
        return this;
    }

    /** Whether the client asked for a holder-of-key assertion. */
    boolean holderOfKeyRequested() {
        return holderOfKey;
    }

    /** The AuthnRequest ID, echoed as InResponseTo. */
    String id() {
        return authnRequest.getID();
    }

    /** The SP's entityID from saml:Issuer, trimmed. */
    String issuer() {
        return issuer;
    }

    /** AssertionConsumerServiceURL, or {@code null}. */
    String acsUrl() {
        return authnRequest.getAssertionConsumerServiceURL();
    }

    /** AssertionConsumerServiceIndex, or {@code null}. */
    Integer acsIndex() {
        return authnRequest.getAssertionConsumerServiceIndex();
    }

    /** NameIDPolicy Format, or {@code null}. */
    String nameIdFormat() {
        return authnRequest.getNameIDPolicy() == null ? null : authnRequest.getNameIDPolicy().getFormat();
    }

    /** The client's {@code cb:ChannelBindings} SOAP header block, if it sent one. */
    Optional<ChannelBindingValue> clientChannelBinding() {
        return clientChannelBinding;
    }

    /**
     * Whether the SP asked for a delegated assertion (SAML-EC {@code del}): an Audience
     * {@value SamlObjects#DELEGATION_AUDIENCE} in the AuthnRequest's Conditions.
     */
    boolean delegationRequested() {
        return authnRequest.getConditions() != null && authnRequest.getConditions().getAudienceRestrictions()
                .stream().flatMap(r -> r.getAudiences().stream())
                .anyMatch(a -> SamlObjects.DELEGATION_AUDIENCE.equals(a.getURI()));
    }
}
