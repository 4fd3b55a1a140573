package dev.samlec.mech.message;

/**
 * The XML namespace URIs and fixed URIs of SOAP 1.1, PAOS, the SAML ECP profile and SAML-EC, exactly as the
 * specifications spell them.
 *
 * <p>samlec always matches elements by namespace URI and local name, never by prefix.
 */
public final class EcpNamespaces {
    /** SOAP 1.1 envelope namespace, conventionally prefix {@code S}. */
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    /** SOAP 1.2 envelope namespace; only recognised to report it precisely, ECP uses SOAP 1.1. */
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    /** The SOAP 1.1 actor URI that addresses the next SOAP node (the ECP client or the SP). */
    public static final String SOAP_ACTOR_NEXT = "http://schemas.xmlsoap.org/soap/actor/next";
    /** Liberty PAOS namespace ({@code paos}). */
    public static final String PAOS = "urn:liberty:paos:2003-08";
    /** SAML 2.0 ECP profile namespace ({@code ecp}); also the PAOS {@code service} value for ECP. */
    public static final String ECP = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";
    /** SAML 2.0 protocol namespace ({@code samlp}). */
    public static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    /** SAML 2.0 assertion namespace ({@code saml}). */
    public static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    /** SAML-EC namespace ({@code samlec}, draft-ietf-kitten-sasl-saml-ec). */
    public static final String SAMLEC = "urn:ietf:params:xml:ns:samlec";
    /** SAML V2.0 channel binding extension namespace ({@code cb}). */
    public static final String CB = "urn:oasis:names:tc:SAML:protocol:ext:channel-binding";
    /** XML Signature namespace ({@code ds}). */
    public static final String DS = "http://www.w3.org/2000/09/xmldsig#";
    /** The PAOS media type, used for the SP's challenge and the client's answer. */
    public static final String PAOS_MEDIA_TYPE = "application/vnd.paos+xml";
    /** The SAML status code for success. */
    public static final String STATUS_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";

    private EcpNamespaces() {
    }

    /** The conventional prefix for a namespace samlec knows, or {@code null}; used in error messages only. */
    static String conventionalPrefix(String namespace) {
        if (namespace == null) {
            return null;
        }
        switch (namespace) {
            case SOAP11: return "S";
            case PAOS: return "paos";
            case ECP: return "ecp";
            case SAMLP: return "samlp";
            case SAML: return "saml";
            case SAMLEC: return "samlec";
            case CB: return "cb";
            case DS: return "ds";
            default: return null;
        }
    }
}
