package dev.samlec.mech.service;

/**
 * Which SAML subject confirmation methods a service accepts (SAML core 2.4.1.1; SAML V2.0 Holder-of-Key Assertion
 * Profile). The default is {@link #BEARER}: a holder-of-key confirmation can only be checked where the caller hands
 * the validator the TLS client certificate of the connection the assertion arrived on, and a service that does not
 * do so must not let such an assertion count as anything.
 */
public enum ConfirmationMethods {
    /** Only {@code urn:oasis:names:tc:SAML:2.0:cm:bearer}. */
    BEARER(true, false),
    /**
     * Only {@code urn:oasis:names:tc:SAML:2.0:cm:holder-of-key}, confirmed by the key of the connection's TLS client
     * certificate: a stolen assertion is useless without the client's private key.
     */
    HOLDER_OF_KEY(false, true),
    /** Either; a holder-of-key confirmation still needs the matching TLS client certificate. */
    BEARER_OR_HOLDER_OF_KEY(true, true);

    private final boolean bearer;
    private final boolean holderOfKey;

    ConfirmationMethods(boolean bearer, boolean holderOfKey) {
        this.bearer = bearer;
        this.holderOfKey = holderOfKey;
    }

    /** Whether a bearer confirmation may pass. */
    public boolean acceptsBearer() {
        return bearer;
    }

    /** Whether a holder-of-key confirmation may pass. */
    public boolean acceptsHolderOfKey() {
        return holderOfKey;
    }

    /** The accepted method names for a message, e.g. {@code "bearer or holder-of-key"}. */
    public String describe() {
        return bearer && holderOfKey ? "bearer or holder-of-key" : bearer ? "bearer" : "holder-of-key";
    }
}
