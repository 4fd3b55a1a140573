package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.sasl.SubjectAccess;
import java.time.Duration;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SamlecLogin}: log in programmatically, then run the SAML20EC SASL client as the Subject against a server in
 * memory, with no callback handler on the client (the IdP login comes from the Subject).
 */
class ProgrammaticLoginTest {
    private static DemoSetup demo;
    private static SamlecAcceptor acceptor;

    @BeforeAll
    static void start() throws Exception {
        SamlecSaslProvider.install();
        demo = DemoSetup.http();
        Subject service = new Subject();
        SamlecLoginModule module = DemoSetup.module(service, null, demo.acceptorOptions());
        module.login();
        module.commit();
        acceptor = service.getPublicCredentials(SamlecAcceptor.class).iterator().next();
    }

    @AfterAll
    static void stop() {
        demo.close();
        SamlecSaslProvider.uninstall();
    }

    private static IdpEndpoint idp() throws Exception {
        return IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl()).allowInsecureHttp(true)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    private static SamlecLogin login() throws Exception {
        return SamlecLogin.builder(idp()).checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME).build();
    }

    /** One SAML20EC exchange: the client created and evaluated as {@code user}, the server with the acceptor. */
    private static SaslServer exchange(Subject user) throws Exception {
        return SaslExchanges.completedExchange(acceptor, user);
    }

    @Test
    void saslWhenRunAsProgrammaticSubjectThenCompletesWithoutCallbackHandler() throws Exception {
        Subject alice = login().login("alice", "alicepw".toCharArray());

        SaslServer server = exchange(alice);

        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void saslWhenSameSubjectAuthenticatesAgainThenNoPromptNeeded() throws Exception {
        Subject bob = login().login("bob", "bobpw".toCharArray());

        assertThat(exchange(bob).getAuthorizationID()).isEqualTo("bob");
        assertThat(exchange(bob).getAuthorizationID()).isEqualTo("bob");
    }

    @Test
    void saslWhenServerRunsAsServiceSubjectThenFindsAcceptorInPublicCredentials() throws Exception {
        Subject service = new Subject();
        service.getPublicCredentials().add(acceptor);
        Subject carol = login().login(handler("carol", "carolpw"));

        SaslServer server = SamlecLogin.runAs(service, () -> Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka",
                "localhost", Map.of(), null));
        SamlecLogin.runAs(carol, () -> {
            SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                    Map.of(), null);
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            return server.evaluateResponse(client.evaluateChallenge(challenge));
        });

        assertThat(server.getAuthorizationID()).isEqualTo("carol");
    }

    @Test
    void saslWhenSubjectLoggedOutThenClientHasNoCredentials() throws Exception {
        Subject alice = login().login("alice", "alicepw".toCharArray());
        SamlecCredential credential = alice.getPrivateCredentials(SamlecCredential.class).iterator().next();

        SamlecLogin.logout(alice);

        assertThat(credential.isDestroyed()).isTrue();
        assertThat(alice.getPrincipals()).isEmpty();
        assertThatThrownBy(() -> exchange(alice)).isInstanceOf(SaslException.class)
                .hasMessageStartingWith("no_idp_configured: ").hasMessageContaining("holds no samlec credential");
    }

    @Test
    void loginWhenPasswordWrongThenFailedLoginException() {
        assertThatThrownBy(() -> login().login("alice", "wrong".toCharArray()))
                .isInstanceOf(FailedLoginException.class).hasMessageStartingWith("idp_authentication_failed: ");
    }

    @Test
    void loginWhenEndpointHasBasicCredentialsThenTheyAreCopiedNotDestroyed() throws Exception {
        IdpCredentials.Basic own = IdpCredentials.basic("bob", "bobpw".toCharArray());
        SamlecLogin login = SamlecLogin.builder(idp().withCredentials(own))
                .checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME).build();

        Subject bob = login.login();
        SamlecLogin.logout(bob);

        assertThat(own.password()).containsExactly("bobpw".toCharArray());
    }

    @Test
    void loginWhenEndpointHasNoCredentialsThenCredentialsUnavailable() {
        assertThatThrownBy(() -> login().login()).hasMessageStartingWith("credentials_unavailable: ");
    }

    @Test
    void loginWhenCheckSkippedThenNoIdpRequest() throws Exception {
        long before = demo.idp.requestCount();

        Subject subject = SamlecLogin.builder(idp()).skipCredentialCheck().build().login("alice", new char[] {'x'});

        assertThat(demo.idp.requestCount()).isEqualTo(before);
        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("alice"));
    }

    @Test
    void buildWhenCheckNeitherConfiguredNorSkippedThenRefused() throws Exception {
        IdpEndpoint idp = idp();

        assertThatThrownBy(() -> SamlecLogin.builder(idp).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SamlecLogin.builder(idp).skipCredentialCheck().checkService("a", "b").build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runAsWhenCalledThenSubjectIsCurrentInside() throws Exception {
        Subject subject = new Subject();

        assertThat(SamlecLogin.runAs(subject, () -> SubjectAccess.current().orElseThrow())).isSameAs(subject);
    }
}
