package dev.samlec.sasl;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * A demo IdP (with its ApacheDS directory) and a SAML20EC service {@value #SERVICE} registered at it, plus helpers
 * to create clients and servers through the installed provider and to run the exchange in memory.
 */
final class SaslFixture implements AutoCloseable {
    static final String SERVICE = "ldap@localhost";
    static final String SP_ENTITY_ID = "https://ldap.localhost/samlec";
    /** A second service at the same name whose registered request signing key is EC P-256. */
    static final String SP_EC_ENTITY_ID = "https://ldap.localhost/samlec-ec";

    final DemoIdp idp;

    SaslFixture() throws IOException {
        this(DemoIdp.builder());
    }

    /** As {@link #SaslFixture()} with an IdP built by {@code idpBuilder}. */
    SaslFixture(DemoIdp.Builder idpBuilder) throws IOException {
        SamlecSaslProvider.install();
        idp = idpBuilder.start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP_ENTITY_ID).acsUrls(List.of(SERVICE))
                .signingCertificate(TestCredentials.spSigning().certificate()).build());
        idp.registerServiceProvider(ServiceProviderRegistration.builder(SP_EC_ENTITY_ID).acsUrls(List.of(SERVICE))
                .signingCertificate(TestCredentials.spSigningEc().certificate()).build());
    }

    /** An acceptor for {@value #SERVICE} trusting the demo IdP, signing its requests with the test SP key. */
    SamlecAcceptor acceptor(Consumer<ServiceProviderSettings.Builder> settings,
            Consumer<SamlecAcceptor.Builder> options) throws EcpConfigurationException {
        ServiceProviderSettings.Builder b = ServiceProviderSettings.builder().entityId(SP_ENTITY_ID)
                .assertionConsumerServiceUrl(SERVICE)
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())));
        settings.accept(b);
        SamlecAcceptor.Builder acceptor = SamlecAcceptor.builder(b.build());
        options.accept(acceptor);
        return acceptor.build();
    }

    SamlecAcceptor acceptor() throws EcpConfigurationException {
        return acceptor(s -> { }, a -> { });
    }

    SamlecAcceptor signingAcceptor() throws EcpConfigurationException {
        return acceptor(s -> s.signingKey(TestCredentials.spSigning()), a -> { });
    }

    /** The service {@value #SP_EC_ENTITY_ID}, signing its requests with the EC P-256 test key. */
    SamlecAcceptor ecSigningAcceptor() throws EcpConfigurationException {
        return acceptor(s -> s.entityId(SP_EC_ENTITY_ID).signingKey(TestCredentials.spSigningEc()), a -> { });
    }

    /** The demo IdP's endpoint without credentials (the client asks the callback handler). */
    IdpEndpoint endpoint() throws EcpConfigurationException {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                .responseTimeout(Duration.ofSeconds(10)).build();
    }

    IdpEndpoint endpoint(String user, String password) throws EcpConfigurationException {
        return endpoint().withCredentials(IdpCredentials.basic(user, password.toCharArray()));
    }

    /** A client handler answering IdpCallback with the demo IdP and Name/PasswordCallback with these. */
    CallbackHandler userHandler(String user, String password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof IdpCallback idps) {
                    try {
                        idps.setIdps(List.of(endpoint()));
                    } catch (EcpConfigurationException e) {
                        throw new IOException(e);
                    }
                } else if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pw) {
                    pw.setPassword(password.toCharArray());
                } else {
                    throw new UnsupportedCallbackException(callback);
                }
            }
        };
    }

    SaslClient client(String mechanism, String authzid, Map<String, ?> props, CallbackHandler handler)
            throws SaslException {
        return Sasl.createSaslClient(new String[] {mechanism}, authzid, "ldap", "localhost", props, handler);
    }

    SaslClient client(String user, String password) throws SaslException {
        return client(SamlecSasl.SAML20EC, null, Map.of(), userHandler(user, password));
    }

    SaslServer server(String mechanism, SamlecAcceptor acceptor, Map<String, ?> extra, CallbackHandler handler)
            throws SaslException {
        Map<String, Object> props = new HashMap<>(extra);
        props.put(SamlecSasl.ACCEPTOR, acceptor);
        return Sasl.createSaslServer(mechanism, "ldap", "localhost", props, handler);
    }

    SaslServer server(SamlecAcceptor acceptor) throws SaslException {
        return server(SamlecSasl.SAML20EC, acceptor, Map.of(), null);
    }

    /** Runs initial response, challenge, response; returns the client's response (the last message). */
    static byte[] run(SaslClient client, SaslServer server) throws SaslException {
        byte[] initial = client.evaluateChallenge(new byte[0]);
        byte[] challenge = server.evaluateResponse(initial);
        byte[] response = client.evaluateChallenge(challenge);
        byte[] outcome = server.evaluateResponse(response);
        if (outcome != null) {
            throw new IllegalStateException("SAML20EC sends no data with the outcome");
        }
        return response;
    }

    @Override
    public void close() {
        idp.close();
        SamlecSaslProvider.uninstall();
    }
}
