package dev.samlec.examples.standalone;

import dev.samlec.jaas.SamlecLogin;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * Login without {@code jaas.conf}: {@link SamlecLogin} checks the user's password at the IdP once and returns a
 * {@link Subject}; every SAML20EC client created while running as that Subject ({@link SamlecLogin#runAs}) logs in
 * with it, without a callback handler and without asking again, until {@link SamlecLogin#logout}.
 */
public final class ProgrammaticLogin {
    private ProgrammaticLogin() {
    }

    /** A login at {@code idp} whose password check asks for an assertion for this service. */
    public static SamlecLogin forService(IdpEndpoint idp, String serviceEntityId, String serviceName)
            throws EcpConfigurationException {
        return SamlecLogin.builder(idp).checkService(serviceEntityId, serviceName).build();
    }

    /**
     * One SAML20EC exchange between a client running as {@code subject} and an in-memory {@link SaslServer} for
     * {@code protocol@host} (in a real application the two ends talk over the protocol's connection).
     *
     * @return the completed server, whose authorization ID is the user
     * @throws SaslException if either side refuses
     */
    public static SaslServer authenticate(Subject subject, SamlecAcceptor service, String protocol, String host)
            throws Exception {
        SamlecSaslProvider.install();
        SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, protocol, host,
                Map.of(SamlecSasl.ACCEPTOR, service), null);
        SamlecLogin.runAs(subject, () -> {
            SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, protocol, host,
                    Map.of(), null);                       // no callback handler: the Subject holds the login
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            if (server.evaluateResponse(client.evaluateChallenge(challenge)) != null || !server.isComplete()) {
                throw new SaslException("the SAML20EC exchange did not complete");
            }
            return null;
        });
        return server;
    }
}
