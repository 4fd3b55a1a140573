package dev.samlec.testkit;

/** The parts of an ECP AuthnRequest the demo IdP acts on. */
final class EcpRequest {
    private final String id;
    private final String issuer;
    private final String acsUrl;
    private final Integer acsIndex;
    private final String nameIdFormat;

    EcpRequest(String id, String issuer, String acsUrl, Integer acsIndex, String nameIdFormat) {
        this.id = id;
        this.issuer = issuer;
        this.acsUrl = acsUrl;
        this.acsIndex = acsIndex;
        this.nameIdFormat = nameIdFormat;
    }

    /** The AuthnRequest ID, echoed as InResponseTo. */
    String id() {
        return id;
    }

    /** The SP's entityID from saml:Issuer. */
    String issuer() {
        return issuer;
    }

    /** AssertionConsumerServiceURL, or {@code null}. */
    String acsUrl() {
        return acsUrl;
    }

    /** AssertionConsumerServiceIndex, or {@code null}. */
    Integer acsIndex() {
        return acsIndex;
    }

    /** NameIDPolicy Format, or {@code null}. */
    String nameIdFormat() {
        return nameIdFormat;
    }
}
