package dev.samlec.jaas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.testkit.DemoIdp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;

/** Users logged in at demo IdPs, and their SAML20EC exchanges through the real provider with a JAAS-built acceptor. */
final class SaslExchanges {
    private SaslExchanges() {
    }

    /** A user logged in at {@code idp} (its URL, and the entityID its answers carry). */
    static Subject user(DemoIdp idp, String uid) throws Exception {
        return SamlecLogin.builder(endpoint(idp)).checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME)
                .build().login(uid, (uid + "pw").toCharArray());
    }

    /** As {@link #user}, without the login-time check (its unsigned request is refused by an IdP wanting signed ones). */
    static Subject uncheckedUser(DemoIdp idp, String uid) throws Exception {
        return SamlecLogin.builder(endpoint(idp)).skipCredentialCheck().build().login(uid, (uid + "pw").toCharArray());
    }

    private static IdpEndpoint endpoint(DemoIdp idp) throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    /** One SAML20EC exchange of {@code user} with a server holding {@code acceptor}; the validated identity. */
    static SamlIdentity exchange(SamlecAcceptor acceptor, Subject user) throws Exception {
        return (SamlIdentity) completedExchange(acceptor, user).getNegotiatedProperty(SamlecSasl.IDENTITY);
    }

    /**
     * One SAML20EC exchange: the client created and evaluated as {@code user}, the server with {@code acceptor};
     * both complete, the server's last step sends nothing. Returns the server.
     */
    static SaslServer completedExchange(SamlecAcceptor acceptor, Subject user) throws Exception {
        return completedExchange(acceptor, user, Map.of());
    }

    /** As {@link #completedExchange(SamlecAcceptor, Subject)}, with more server properties. */
    static SaslServer completedExchange(SamlecAcceptor acceptor, Subject user, Map<String, ?> serverProperties)
            throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(serverProperties);
        props.put(SamlecSasl.ACCEPTOR, acceptor);
        SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost", props, null);
        SamlecLogin.runAs(user, () -> {
            SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                    Map.of(), null);
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            assertThat(server.evaluateResponse(client.evaluateChallenge(challenge))).isNull();
            assertThat(client.isComplete()).isTrue();
            return null;
        });
        assertThat(server.isComplete()).isTrue();
        return server;
    }

    /** The code the server refused {@code user}'s exchange with. */
    static EcpError refusal(SamlecAcceptor acceptor, Subject user) {
        Throwable t = catchThrowable(() -> exchange(acceptor, user));
        assertThat(t).isInstanceOf(SamlecSaslException.class);
        return ((SamlecSaslException) t).error();
    }

    /** The acceptor a committed login with {@code options} put into a new service Subject. */
    static SamlecAcceptor acceptor(Map<String, Object> options) throws Exception {
        Subject service = new Subject();
        SamlecLoginModule module = DemoSetup.module(service, null, options);
        module.login();
        module.commit();
        return service.getPublicCredentials(SamlecAcceptor.class).iterator().next();
    }

    /** {@code certificate} written as a PEM file in {@code dir}. */
    static Path pemFile(Path dir, String name, X509Certificate certificate) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }
}
