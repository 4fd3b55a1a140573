package dev.samlec.mech;

import java.util.Locale;

/**
 * Every way an ECP exchange can fail, as a stable code.
 *
 * <p>The {@link #code()} of a constant (its name in lower case) never changes once released: operators grep logs for
 * it, the CLI prints it in JSON, the SASL and JAAS adapters put it in their exception messages, and tests assert on
 * it rather than on message text. Only the code crosses a trust boundary; the detail message of an
 * {@link EcpException} names the field and what was expected, and never carries secrets or assertion content.
 *
 * <p>The constants are grouped by {@link Category}, which tells a caller whose fault a failure is.
 */
public enum EcpError {
    // --- transport to the identity provider -------------------------------------------------------------------
    /** The IdP's SOAP endpoint could not be reached (connection refused, unknown host, network down). */
    IDP_UNREACHABLE(Category.TRANSPORT),
    /** The IdP did not connect or answer within the configured timeout. */
    IDP_TIMEOUT(Category.TRANSPORT),
    /** The TLS handshake with the IdP failed: its certificate is not the pinned one or not in the trust store. */
    IDP_TLS_FAILURE(Category.TRANSPORT),
    /** The IdP answered with an HTTP status that carries no SAML answer (400, 404, 500 without a SOAP fault...). */
    IDP_HTTP_STATUS(Category.TRANSPORT),
    /** The IdP answered with content that is not a SOAP envelope (an HTML login page, JSON, an empty body). */
    IDP_BAD_CONTENT(Category.PROTOCOL),
    /** The IdP answered with a SOAP fault. */
    IDP_SOAP_FAULT(Category.PROTOCOL),
    /** The IdP refused the user's credentials (HTTP 401, or a SAML Response with an authentication-failure status). */
    IDP_AUTHENTICATION_FAILED(Category.CREDENTIALS),
    /** The IdP answered with a SAML Response whose status is not Success for a reason other than bad credentials. */
    IDP_REQUEST_DENIED(Category.PROTOCOL),
    /** A server answered with a redirect that samlec does not follow (another host, or a redirect from the IdP). */
    REDIRECT_REFUSED(Category.PROTOCOL),
    /** HTTP Negotiate: the Kerberos KDC could not be reached, or did not answer within {@code krb5.conf}'s
     * {@code kdc_timeout} and {@code max_retries}, when a service ticket for the IdP was needed. */
    KDC_UNREACHABLE(Category.TRANSPORT),

    // --- transport to the service provider (HTTP ECP flow) -------------------------------------------------------
    /** The service provider could not be reached. */
    SP_UNREACHABLE(Category.TRANSPORT),
    /** The service provider did not connect or answer within the configured timeout. */
    SP_TIMEOUT(Category.TRANSPORT),
    /** A store shared by the nodes of a service (a replay cache or request tracker on Redis) could not be asked
     * within its timeout; the login is refused rather than decided without it. */
    STATE_STORE_UNAVAILABLE(Category.TRANSPORT),
    /** The TLS handshake with the service provider failed. */
    SP_TLS_FAILURE(Category.TRANSPORT),
    /** The service provider answered with an unexpected HTTP status. */
    SP_HTTP_STATUS(Category.TRANSPORT),
    /** The service provider refused the IdP's response after the ECP exchange. */
    SP_REJECTED_LOGIN(Category.PROTOCOL),

    // --- XML and message structure ------------------------------------------------------------------------------
    /** A message is larger than the configured size cap; it was not parsed. */
    MESSAGE_TOO_LARGE(Category.PROTOCOL),
    /** A message contains a DOCTYPE declaration; DTDs are never processed. */
    DTD_FORBIDDEN(Category.PROTOCOL),
    /** A message is not well-formed XML, uses a name that is not namespace-well-formed, or holds a processing
     * instruction inside its content. */
    MALFORMED_XML(Category.PROTOCOL),
    /** A message nests elements deeper than the configured limit (64 by default); it was not processed further. */
    XML_TOO_DEEP(Category.PROTOCOL),
    /** A message's shape would make its processing cost grow with the square of its size: more than 256 namespace
     * declarations in scope at one element, elements with tens of thousands of children, thousands of
     * namespace-qualified attributes under long chains of attributes, or a number hundreds of digits long; it was not
     * processed further. */
    XML_TOO_COMPLEX(Category.PROTOCOL),
    /** A message is well-formed XML but not the expected SOAP/PAOS/SAML structure. */
    MALFORMED_MESSAGE(Category.PROTOCOL),
    /** A SOAP header block breaks the mustUnderstand/actor rules (an unknown block that must be understood). */
    MUST_UNDERSTAND_VIOLATION(Category.PROTOCOL),

    // --- ECP client checks --------------------------------------------------------------------------------------
    /** The IdP's ecp:Response AssertionConsumerServiceURL differs from the SP's paos:Request responseConsumerURL. */
    ACS_MISMATCH(Category.PROTOCOL),
    /** None of the configured identity providers is in the service provider's IDPList. */
    NO_ACCEPTABLE_IDP(Category.CONFIGURATION),

    // --- SAML-EC SASL mechanism ----------------------------------------------------------------------------------
    /** The client did not use channel binding although both sides support it (GS2 flag {@code y}, or {@code n}
     * where -PLUS is required), or asked for a binding type the server does not offer. */
    CHANNEL_BINDING_DOWNGRADE(Category.PROTOCOL),
    /** The client's initial response is not a valid SAML20EC GS2 header. */
    MALFORMED_GS2_HEADER(Category.PROTOCOL),
    /** A SASL method was called in a state where it is not allowed (after completion or failure, or too early). */
    MECHANISM_STATE(Category.PROTOCOL),
    /** The IdP issued a delegated assertion ({@code samlec:Delegated}) although delegation was not requested. */
    UNEXPECTED_DELEGATION(Category.PROTOCOL),
    /** The SASL/ECP client sent a SOAP fault to the service instead of the IdP's Response. */
    CLIENT_SOAP_FAULT(Category.PROTOCOL),
    /** The client's {@code ecp:RelayState} is missing or differs from the one in the server's challenge. */
    RELAY_STATE_MISMATCH(Category.PROTOCOL),
    /** The session key does not add up: the enctype chosen was not offered, the IdP's {@code samlec:GeneratedKey}
     * is missing where required, repeated, of the wrong length for the enctype, or sent in an unencrypted assertion. */
    SESSION_KEY_MISMATCH(Category.VALIDATION),
    /** The authenticated user is not allowed to act as the requested authorization identity. */
    AUTHORIZATION_REFUSED(Category.VALIDATION),
    /** Mutual authentication was requested but the IdP did not confirm that it verified the service's request, or
     * the IdP's HTTP Negotiate answer did not prove the IdP's Kerberos identity (no token, or one that does not
     * complete the security context with mutual authentication). */
    MUTUAL_AUTHENTICATION_FAILED(Category.VALIDATION),

    // --- service-side validation of a SAML Response -------------------------------------------------------------
    /** The Response or an Assertion is not structured as the profile requires (count, duplicate IDs, version). */
    INVALID_STRUCTURE(Category.VALIDATION),
    /** Neither the Response nor the Assertion that would be used carries a signature. */
    SIGNATURE_MISSING(Category.VALIDATION),
    /** A signature does not verify, breaks the SAML signature profile, or covers something else. */
    INVALID_SIGNATURE(Category.VALIDATION),
    /** A signature or encryption algorithm is not on the configured include list (SHA-1, MD5, HMAC, CBC...). */
    WEAK_ALGORITHM(Category.VALIDATION),
    /** The Issuer is missing or is not the expected identity provider. */
    INVALID_ISSUER(Category.VALIDATION),
    /** The Response Destination is missing or is not this service's ACS URL. */
    INVALID_DESTINATION(Category.VALIDATION),
    /** InResponseTo is missing, unknown, already consumed, or differs between Response and Assertion. */
    INVALID_IN_RESPONSE_TO(Category.VALIDATION),
    /** No bearer SubjectConfirmation passes every check (method, Recipient, NotOnOrAfter, InResponseTo). */
    INVALID_SUBJECT_CONFIRMATION(Category.VALIDATION),
    /** The assertion has no usable Subject or NameID. */
    INVALID_SUBJECT(Category.VALIDATION),
    /** An AudienceRestriction does not name this service. */
    INVALID_AUDIENCE(Category.VALIDATION),
    /** The assertion's Conditions are past NotOnOrAfter, clock skew included (an expired bearer confirmation is
     * {@link #INVALID_SUBJECT_CONFIRMATION}, checked first). */
    ASSERTION_EXPIRED(Category.VALIDATION),
    /** The assertion is before NotBefore, clock skew included. */
    ASSERTION_NOT_YET_VALID(Category.VALIDATION),
    /** The Response status is not Success. */
    STATUS_NOT_SUCCESS(Category.VALIDATION),
    /** The assertion (or Response) was already accepted once. */
    REPLAYED_ASSERTION(Category.VALIDATION),
    /** An EncryptedAssertion could not be decrypted with the service's key under the allowed algorithms. */
    DECRYPTION_FAILED(Category.VALIDATION),
    /** The assertion's Advice does not carry the channel binding (Type and value) of this connection. */
    CHANNEL_BINDING_MISMATCH(Category.VALIDATION),
    /** A scoped attribute value (eduPersonPrincipalName, eduPersonScopedAffiliation, subject-id, pairwise-id) has a
     * scope that is not one of its IdP's {@code shibmd:Scope}s, and the service refuses such logins instead of
     * dropping the value. */
    ATTRIBUTE_OUT_OF_SCOPE(Category.VALIDATION),

    // --- configuration and metadata ------------------------------------------------------------------------------
    /** samlec is configured in a way that cannot work; the message names the setting. */
    INVALID_CONFIGURATION(Category.CONFIGURATION),
    /** SAML metadata could not be read, or does not contain what is needed (entity, endpoint, keys). */
    METADATA_INVALID(Category.CONFIGURATION),
    /** SAML metadata's signature is missing or does not verify against the configured key. */
    METADATA_SIGNATURE_INVALID(Category.CONFIGURATION),
    /** A metadata source could not answer when an IdP had to be looked up: an MDQ service unreachable or slow, or
     * refreshed metadata whose last good copy has expired. The login is refused rather than decided without it. */
    METADATA_UNAVAILABLE(Category.TRANSPORT),
    /** The application's callback handler or Subject gave no usable credentials for the identity provider. */
    CREDENTIALS_UNAVAILABLE(Category.CONFIGURATION),
    /** A SAML20EC client has no identity provider to log in at: no {@code dev.samlec.sasl.idps} property, no
     * samlec credential in the JAAS Subject, and its callback handler did not answer {@code IdpCallback}. */
    NO_IDP_CONFIGURED(Category.CONFIGURATION),
    /** The identity provider the user named (an entityID or a name, e.g. {@code samlec curl --idp} or the JAAS option
     * {@code idpName}) is not among the ECP-capable IdPs of the configured metadata, or the MDQ service does not
     * know that entityID; the message says what was searched. */
    IDP_NOT_FOUND(Category.CONFIGURATION),
    /** The name the user gave for an identity provider matches several ECP-capable IdPs of the metadata and none
     * exactly; the message lists candidates, so the user can give more of the name or an entityID. */
    IDP_AMBIGUOUS(Category.CONFIGURATION),
    /** The service's replay cache is full of unexpired assertions, so a new one cannot be remembered and is refused
     * (fail closed; not a replay): its bound is below the logins per assertion lifetime. */
    REPLAY_CACHE_FULL(Category.CONFIGURATION),

    /** A bug or an environment problem inside samlec; the log has the detail. */
    INTERNAL_ERROR(Category.INTERNAL);

    /** Whose fault a failure is, so callers can map it (a wrong password is not a broken IdP). */
    public enum Category {
        /** The network or a peer's HTTP layer failed. */
        TRANSPORT,
        /** A peer sent something that breaks the protocol. */
        PROTOCOL,
        /** The user's credentials were refused. */
        CREDENTIALS,
        /** A SAML Response failed a service-side security check. */
        VALIDATION,
        /** The local configuration is wrong. */
        CONFIGURATION,
        /** A defect or an environment problem inside samlec. */
        INTERNAL
    }

    private final Category category;

    EcpError(Category category) {
        this.category = category;
    }

    /** The stable, lower_snake_case code, e.g. {@code invalid_signature}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whose fault this failure is. */
    public Category category() {
        return category;
    }
}
