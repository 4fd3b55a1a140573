package dev.samlec.mech.client;

/**
 * Receives the bytes of every SAML message of an ECP login as sent or received, for a command line that keeps
 * them ({@code samlec curl --save-dir}) so that the IdP's signed answer can be checked again later.
 *
 * <p>Unlike {@link EcpStepListener} this sees message content: assertions and personal data (never the password,
 * which travels in an HTTP header). Whoever stores them must protect them accordingly.
 */
@FunctionalInterface
public interface EcpExchangeRecorder {
    /** A recorder that keeps nothing. */
    EcpExchangeRecorder NONE = (message, bytes) -> { };

    /** The messages of one login, in the order they occur. */
    enum Message {
        /** The service provider's PAOS challenge (the SOAP envelope with the AuthnRequest). */
        SP_CHALLENGE,
        /** The SOAP envelope sent to the IdP (the AuthnRequest without the SP's header blocks). */
        IDP_REQUEST,
        /** The IdP's answer, as received (a SOAP envelope with the signed Response, or a fault). */
        IDP_RESPONSE,
        /** The PAOS envelope posted to the service provider (the IdP's Response, or a SOAP fault). */
        SP_RESPONSE
    }

    /** Called once per message, on the thread running the exchange; {@code bytes} is the caller's own copy. */
    void record(Message message, byte[] bytes);
}
