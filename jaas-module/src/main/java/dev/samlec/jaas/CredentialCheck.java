package dev.samlec.jaas;

import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpConnections;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.AuthnRequestBody;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.service.AuthnRequestIssuer;
import dev.samlec.mech.service.IssueOptions;
import dev.samlec.mech.service.IssuedAuthnRequest;
import java.security.SecureRandom;
import java.time.Clock;
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
    private final CheckService service;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean keepAlive;

    /** {@code keepAlive}: call the IdP on the process's kept-alive connections ({@link IdpConnections}). */
    CredentialCheck(CheckService service, Clock clock, SecureRandom random, boolean keepAlive) {
        this.keepAlive = keepAlive;
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
        IdpRequest request = request();
        try (IdpClient client = keepAlive ? IdpConnections.shared().client(idp) : new IdpClient(idp)) {
            client.send(request);
        }
        LOG.debug("credential check for {} at {} succeeded (service {})", idp.credentials().describe(),
                idp.entityId(), service.serviceName());
    }

    private IdpRequest request() throws EcpException {
        IssuedAuthnRequest issued = AuthnRequestIssuer.unsigned(service.entityId(), service.serviceName(), clock,
                random).issue(IssueOptions.builder().protocolBinding(IssueOptions.BINDING_SAMLEC).build());
        return IdpRequest.of(AuthnRequestBody.parse(issued.xml(), SecureXmlParser.withDefaultLimit()));
    }
}
