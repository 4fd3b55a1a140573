package dev.samlec.jaas;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.Pem;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.service.AuthnRequestIssuer;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import dev.samlec.mech.service.RequestTracker;
import dev.samlec.mech.service.ServiceProviderSettings;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login-time credential check: sends the IdP one real, unsigned ECP AuthnRequest on behalf of the service the
 * user will log in to (SAML-EC ProtocolBinding, ACS = its service name) with the user's credentials, and requires a
 * Success Response. The Response is discarded unread: it is never forwarded and nothing of it is logged. It cannot
 * be replayed to the service either, since the service only accepts answers to AuthnRequest IDs it issued itself.
 *
 * <p>Every failure is the {@link IdpClient}'s: {@code idp_authentication_failed} for refused credentials,
 * {@code idp_unreachable}, {@code idp_timeout}, {@code idp_tls_failure}, {@code idp_soap_fault} (for example an IdP
 * that does not know the service), and so on.
 */
final class CredentialCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialCheck.class);
    /**
     * mech's issuer needs settings with a trusted IdP and a certificate, which only response validation uses; the
     * check validates no response, so this self-signed certificate (its key was discarded) stands in. To be
     * replaced when mech offers a way to issue a request without validation settings.
     */
    private static final String UNUSED_IDP_CERTIFICATE = "-----BEGIN CERTIFICATE-----\n"
            + "MIIB0jCCAXmgAwIBAgIUBr7QfbINDPbv4clyUjfxdtKipCswCgYIKoZIzj0EAwIw\n"
            + "PjE8MDoGA1UEAwwzc2FtbGVjIGNyZWRlbnRpYWwgY2hlY2sgcGxhY2Vob2xkZXIg\n"
            + "KG5ldmVyIHRydXN0ZWQpMCAXDTI2MTEyMzAwNTAyOFoYDzIxMjYxMDMwMDA1MDI4\n"
            + "WjA+MTwwOgYDVQQDDDNzYW1sZWMgY3JlZGVudGlhbCBjaGVjayBwbGFjZWhvbGRl\n"
            + "ciAobmV2ZXIgdHJ1c3RlZCkwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAATIOjF2\n"
            + "F/Vi3VDJddX/f5zQt7/WwJ3H0Uvp/JkjUP1UwZINAdvaMlbiWJUiwna52k7N0+aF\n"
            + "9fpVEtLdlS+NQYVmo1MwUTAdBgNVHQ4EFgQUrmETnHZ6g8VuzNOKSm0G2+qeQ/8w\n"
            + "HwYDVR0jBBgwFoAUrmETnHZ6g8VuzNOKSm0G2+qeQ/8wDwYDVR0TAQH/BAUwAwEB\n"
            + "/zAKBggqhkjOPQQDAgNHADBEAiA9tTdTbU1iFOC/qW3jjatcxQ+5nGi2Z2PUxvWO\n"
            + "K8QjmwIgQ/mf157JuBd48oaK1mxtGPw67/luM9UcNNhtyLwVY+U=\n"
            + "-----END CERTIFICATE-----\n";

    private final CheckService service;
    private final Clock clock;
    private final SecureRandom random;

    CredentialCheck(CheckService service, Clock clock, SecureRandom random) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Logs in at {@code idp} with its credentials.
     *
     * @throws EcpException the IdP client's failure, or {@code invalid_configuration} for unusable check settings
     */
    void verify(IdpEndpoint idp) throws EcpException {
        IdpRequest request = request(idp.entityId());
        try (IdpClient client = new IdpClient(idp)) {
            client.send(request);
        }
        LOG.debug("credential check for {} at {} succeeded (service {})", idp.credentials().describe(),
                idp.entityId(), service.serviceName());
    }

    private IdpRequest request(String idpEntityId) throws EcpException {
        ServiceProviderSettings settings = ServiceProviderSettings.builder().entityId(service.entityId())
                .assertionConsumerServiceUrl(service.serviceName())
                .idpTrust(IdpTrust.of(idpEntityId, List.of(unusedCertificate()))).clock(clock).secureRandom(random)
                .build();
        IssuedAuthnRequest issued = new AuthnRequestIssuer(settings, RequestTracker.forSettings(settings))
                .issue(IssueOptions.builder().protocolBinding(IssueOptions.BINDING_SAMLEC).build());
        return IdpRequest.of(AuthnRequestBody.parse(issued.xml(), SecureXmlParser.withDefaultLimit()));
    }

    private static X509Certificate unusedCertificate() {
        try {
            return Pem.parseCertificates(UNUSED_IDP_CERTIFICATE, "placeholder").get(0);
        } catch (EcpConfigurationException e) {
            throw new IllegalStateException(EcpError.INTERNAL_ERROR.code() + ": the built-in placeholder", e);
        }
    }
}
