package dev.samlec.mech.service;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.EcpRequestHeader;
import dev.samlec.mech.message.IdpEntry;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.SamlResponseBody;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The service side of the HTTP ECP flow (SAML profiles 4.2, PAOS binding), independent of any HTTP framework.
 *
 * <ol>
 *   <li>{@link #wantsEcp(String, String)} tells from the Accept and PAOS request headers that the client is an ECP.
 *   <li>{@link #challenge(Optional)} issues an AuthnRequest and wraps it in a PAOS request; the caller answers it
 *       with HTTP 200 and {@link #PAOS_MEDIA_TYPE}.
 *   <li>{@link #consume(byte[])} takes the body the client POSTs to the responseConsumerURL and returns the
 *       validated identity with the echoed RelayState.
 * </ol>
 *
 * <p>The paos:Request messageID is the AuthnRequest ID, so the client's refToMessageID must equal the InResponseTo
 * that the validator binds to an issued, unconsumed request: no per-client state is needed beyond the tracker.
 */
public final class PaosServiceProvider {
    /** The PAOS media type, for the challenge's and the response's Content-Type. */
    public static final String PAOS_MEDIA_TYPE = "application/vnd.paos+xml";
    private static final String PAOS_VERSION = "urn:liberty:paos:2003-08";
    private static final String ECP_SERVICE = "urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp";

    private final SamlServiceProvider provider;
    private final SecureXmlParser parser;
    private final IssueOptions issueOptions;
    private final IssueOptions signedOptions;
    private final RequestSigningRule signingRule;
    private final String providerName;

    /**
     * A PAOS service for {@code settings}; AuthnRequests are issued with {@code issueOptions}, and signed also when
     * the IdP they are addressed to wants signed requests ({@link RequestSigningRule}: the IdPs of
     * {@code issueOptions}' IDPList, else those of a trust source that is not federated).
     *
     * (An IdP that wants signed requests while the settings have no signing key gets one WARN and unsigned ones.)
     */
    public PaosServiceProvider(ServiceProviderSettings settings, IssueOptions issueOptions, String providerName) {
        this.provider = new SamlServiceProvider(settings);
        this.parser = new SecureXmlParser(settings.maxResponseBytes());
        this.issueOptions = Objects.requireNonNull(issueOptions, "issueOptions");
        this.signedOptions = issueOptions.signedWhenKeyConfigured();
        this.signingRule = RequestSigningRule.of(settings, issueOptions.idpList());
        this.signingRule.checkSigningKey("ServiceProviderSettings.Builder.signingKey");
        this.providerName = providerName;
    }

    /**
     * A PAOS service with default issue options (PAOS binding, unsigned unless a signing key is configured).
     *
     * @throws IllegalArgumentException if an IdP of a trust source that is not federated wants signed requests and
     *     the settings have no signing key
     */
    public PaosServiceProvider(ServiceProviderSettings settings) {
        this(settings, IssueOptions.defaults(), null);
    }

    /**
     * True when the request headers announce an ECP client: an Accept that lists {@code application/vnd.paos+xml}
     * and a PAOS header naming the PAOS version and the ECP service.
     */
    public static boolean wantsEcp(String accept, String paos) {
        if (accept == null || paos == null) {
            return false;
        }
        boolean acceptsPaos = false;
        for (String range : accept.split(",")) {
            String type = range.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            acceptsPaos |= type.equals(PAOS_MEDIA_TYPE);
        }
        return acceptsPaos && paos.contains("\"" + PAOS_VERSION + "\"") && paos.contains("\"" + ECP_SERVICE + "\"");
    }

    /** A new challenge; {@code relayState} is echoed back by the client (keep it opaque and at most 80 bytes). */
    public PaosRequest challenge(Optional<String> relayState) throws EcpException {
        IssuedAuthnRequest issued = provider.issue(signingRule.signNow() ? signedOptions : issueOptions);
        AuthnRequestBody body = issued.body(parser);
        EcpRequestHeader header = new EcpRequestHeader(provider.settings().entityId(),
                Optional.ofNullable(providerName), Optional.empty(), idpEntries(), Optional.empty());
        PaosRequest.Builder builder = PaosRequest.builder(body, provider.settings().assertionConsumerServiceUrl(),
                header).messageId(issued.id());
        relayState.ifPresent(builder::relayState);
        return builder.build();
    }

    /**
     * Validates what the client POSTed to the responseConsumerURL.
     *
     * @throws EcpException the client sent a SOAP fault ({@link EcpError#IDP_SOAP_FAULT}), the envelope is
     *     malformed, refToMessageID does not match, or the Response fails validation
     */
    public Login consume(byte[] paosResponse) throws EcpException {
        return consume(paosResponse, Optional.empty());
    }

    /**
     * Validates what the client POSTed to the responseConsumerURL over a connection whose TLS client certificate is
     * {@code clientCertificate} (empty on plain HTTP or when the client sent none): a holder-of-key assertion
     * ({@link ServiceProviderSettings#confirmationMethods()}) passes only when its KeyInfo names that certificate's
     * key. Pass the certificate of the very connection the POST arrived on, as the TLS stack verified it.
     *
     * @throws EcpException as {@link #consume(byte[])}
     */
    public Login consume(byte[] paosResponse, Optional<X509Certificate> clientCertificate) throws EcpException {
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        PaosResponse response = PaosResponse.parse(paosResponse, parser);
        if (response.fault().isPresent()) {
            throw new EcpException(EcpError.IDP_SOAP_FAULT,
                    "the ECP client sent a SOAP fault instead of a Response: " + response.fault().get().faultString());
        }
        SamlResponseBody body = response.response().orElseThrow(() -> new EcpException(
                EcpError.MALFORMED_MESSAGE, "PAOS response has neither a samlp:Response nor a SOAP fault"));
        String inResponseTo = body.inResponseTo().orElseThrow(() -> new EcpException(
                EcpError.INVALID_IN_RESPONSE_TO, "Response has no InResponseTo; only SP-initiated logins are accepted"));
        String ref = response.refToMessageId().orElseThrow(() -> new EcpException(EcpError.MALFORMED_MESSAGE,
                "PAOS response has no paos:Response refToMessageID; expected the challenge's messageID"));
        if (!ref.equals(inResponseTo)) {
            throw new EcpException(EcpError.INVALID_IN_RESPONSE_TO, "paos:Response refToMessageID '" + ref
                    + "' does not match the Response's InResponseTo '" + inResponseTo + "'");
        }
        SamlIdentity identity = provider.validateReleasing(body,
                ValidationContext.expect(inResponseTo).withClientCertificate(clientCertificate));
        return new Login(identity, response.relayState());
    }

    /** The underlying issuer and validator. */
    public SamlServiceProvider provider() {
        return provider;
    }

    private List<IdpEntry> idpEntries() {
        return issueOptions.idpList().stream().map(IdpEntry::of).toList();
    }

    /** A validated login: the identity and the RelayState the client echoed. */
    public record Login(SamlIdentity identity, Optional<String> relayState) {
        /** Checks the parts are present. */
        public Login {
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(relayState, "relayState");
        }
    }
}
