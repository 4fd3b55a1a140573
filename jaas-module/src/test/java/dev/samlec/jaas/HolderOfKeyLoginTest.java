package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.DemoSetup.noPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.SamlIdentity;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslException;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import javax.security.auth.Subject;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The initiator's {@code holderOfKey=true}: alice logs in at an https demo IdP with the certificate of
 * {@code keyStore}, and her SAML20EC exchanges (through the real provider, as that Subject, without any SASL property)
 * ask for holder-of-key assertions bound to it. A holder-of-key-only acceptor accepts them when the application
 * connection's client certificate (the server property {@link SamlecSasl#CLIENT_CERTIFICATE}) has her key, and
 * refuses another key, a bearer login, and a bearer-only acceptor refuses hers.
 */
@Timeout(120)
class HolderOfKeyLoginTest {
    private static final String HOLDER_OF_KEY_URN = "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key";
    private static final DemoTls TLS = DemoTls.generate();
    private static DemoSetup demo;
    private static KeyStore alice;
    private static X509Certificate aliceCertificate;
    private static X509Certificate bobCertificate;

    @BeforeAll
    static void start() throws Exception {
        SamlecSaslProvider.install();
        demo = new DemoSetup(DemoIdp.builder().https(TLS.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(TLS.caCertificate())).start());
        alice = TLS.clientKeyStore("alice");
        aliceCertificate = (X509Certificate) alice.getCertificate(DemoTls.CLIENT_ALIAS);
        bobCertificate = (X509Certificate) TLS.clientKeyStore("bob").getCertificate(DemoTls.CLIENT_ALIAS);
    }

    @AfterAll
    static void stop() {
        SamlecSaslProvider.uninstall();
        demo.close();
    }

    private static Map<String, Object> certificateOptions(boolean holderOfKey) {
        Map<String, Object> options = demo.clientOptions();
        options.remove("allowInsecureHttp");
        options.put("idpTrustAnchors", demo.writePem("ca.pem", List.of(TLS.caCertificate())).toString());
        options.put("keyStore", demo.writeKeyStore("alice.p12", alice, DemoTls.password()).toString());
        options.put("keyStorePassword", new String(DemoTls.password()));
        if (holderOfKey) {
            options.put("holderOfKey", "true");
        }
        return options;
    }

    private static Subject loggedIn(Map<String, Object> options) throws Exception {
        Subject user = new Subject();
        SamlecLoginModule module = module(user, noPrompt(), options);
        assertThat(module.login()).isTrue();
        assertThat(module.commit()).isTrue();
        return user;
    }

    private static SamlecAcceptor acceptor(String confirmationMethods) throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("confirmationMethods", confirmationMethods);
        return SaslExchanges.acceptor(options);
    }

    private static SamlIdentity exchange(SamlecAcceptor acceptor, Subject user, X509Certificate connection)
            throws Exception {
        return (SamlIdentity) SaslExchanges.completedExchange(acceptor, user,
                Map.of(SamlecSasl.CLIENT_CERTIFICATE, connection)).getNegotiatedProperty(SamlecSasl.IDENTITY);
    }

    private static EcpError refusal(SamlecAcceptor acceptor, Subject user, X509Certificate connection) {
        Throwable t = catchThrowable(() -> exchange(acceptor, user, connection));
        assertThat(t).isInstanceOf(SamlecSaslException.class);
        return ((SamlecSaslException) t).error();
    }

    @Test
    void loginWhenHolderOfKeyThenTheCredentialBindsTheKeyStoresCertificate() throws Exception {
        Subject user = loggedIn(certificateOptions(true));

        SamlecCredential credential = SamlecCredential.newestIn(user).orElseThrow();
        assertThat(credential.holderOfKey()).isPresent();
        assertThat(credential.holderOfKey().get()).isSameAs(credential.idps().get(0).credentials());
        assertThat(credential.toString()).contains("holder-of-key");
    }

    @Test
    void exchangeWhenHolderOfKeyAndConnectionShowsTheKeyThenAccepted() throws Exception {
        SamlIdentity identity = exchange(acceptor("holder-of-key"), loggedIn(certificateOptions(true)),
                aliceCertificate);

        assertThat(identity.nameId().value()).isEqualTo("alice");
    }

    @Test
    void exchangeWhenConnectionShowsAnotherKeyThenInvalidSubjectConfirmation() throws Exception {
        assertThat(refusal(acceptor("holder-of-key"), loggedIn(certificateOptions(true)), bobCertificate))
                .isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
    }

    @Test
    void exchangeWhenBearerLoginAtHolderOfKeyOnlyAcceptorThenInvalidSubjectConfirmation() throws Exception {
        assertThat(refusal(acceptor("holder-of-key"), loggedIn(certificateOptions(false)), aliceCertificate))
                .isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
    }

    @Test
    void exchangeWhenHolderOfKeyLoginAtBearerOnlyAcceptorThenInvalidSubjectConfirmation() throws Exception {
        assertThat(refusal(acceptor("bearer"), loggedIn(certificateOptions(true)), aliceCertificate))
                .isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
    }

    @Test
    void exchangeWhenSaslPropertyNamesIdpsThenTheSubjectsHolderOfKeyIsNotUsed() throws Exception {
        Subject user = loggedIn(certificateOptions(true));
        SamlecCredential credential = SamlecCredential.newestIn(user).orElseThrow();
        // the application's own IdPs (the same endpoint, as a property): the Subject's credential is not read
        assertThat(initialResponse(user, Map.of())).contains(HOLDER_OF_KEY_URN);
        assertThat(initialResponse(user, Map.of(SamlecSasl.IDPS, credential.idps())))
                .doesNotContain(HOLDER_OF_KEY_URN);
    }

    /** The client's first message, created and evaluated as {@code user}. */
    private static String initialResponse(Subject user, Map<String, ?> props) throws Exception {
        return SamlecLogin.runAs(user, () -> new String(javax.security.sasl.Sasl.createSaslClient(
                new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost", props, null)
                .evaluateChallenge(new byte[0]), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void exchangeWhenAnotherLoginJoinsTheSubjectBeforeTheChallengeThenTheFirstCredentialIsUsedAlone()
            throws Exception {
        Subject user = loggedIn(certificateOptions(true));
        SaslServer server = server(acceptor("holder-of-key"), aliceCertificate);
        SaslClient client = SamlecLogin.runAs(user, () -> Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC},
                null, "kafka", "localhost", Map.of(), null));
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        // bob's password login lands in the same Subject between the initial response and the challenge
        // (at another IdP: a port nobody listens on, so going there fails the exchange)
        IdpEndpoint bobs = IdpEndpoint.builder("https://other-idp.example.org/idp",
                java.net.URI.create("https://127.0.0.1:9/idp")).useSystemTrust()
                .credentials(IdpCredentials.basic("bob", "bobpw".toCharArray())).build();
        user.getPrivateCredentials().add(new SamlecCredential("bob", List.of(bobs)));

        byte[] last = SamlecLogin.runAs(user, () -> client.evaluateChallenge(challenge));

        assertThat(server.evaluateResponse(last)).isNull();
        assertThat(((SamlIdentity) server.getNegotiatedProperty(SamlecSasl.IDENTITY)).nameId().value())
                .isEqualTo("alice");
    }

    @Test
    void exchangeWhenTheCredentialIsDestroyedBeforeTheChallengeThenCredentialsUnavailable() throws Exception {
        Subject user = loggedIn(certificateOptions(true));
        SaslServer server = server(acceptor("holder-of-key"), aliceCertificate);
        SaslClient client = SamlecLogin.runAs(user, () -> Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC},
                null, "kafka", "localhost", Map.of(), null));
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
        SamlecCredential.newestIn(user).orElseThrow().destroy();

        Throwable t = catchThrowable(() -> SamlecLogin.runAs(user, () -> client.evaluateChallenge(challenge)));

        assertThat(t).isInstanceOfSatisfying(SamlecSaslException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE));
    }

    @Test
    void createSaslClientWhenIdpsPropertyIsSetButNotAListOfEndpointsThenInvalidConfiguration() throws Exception {
        Subject user = loggedIn(certificateOptions(true));
        for (Object invalid : List.of(List.of(), List.of("https://idp.example.org"), "https://idp.example.org")) {
            Throwable t = catchThrowable(() -> SamlecLogin.runAs(user, () -> Sasl.createSaslClient(
                    new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost", Map.of(SamlecSasl.IDPS, invalid),
                    null)));

            assertThat(t).as(String.valueOf(invalid)).isInstanceOfSatisfying(SamlecSaslException.class,
                    e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION));
            assertThat(t.getMessage()).contains(SamlecSasl.IDPS);
        }
    }

    private static SaslServer server(SamlecAcceptor acceptor, X509Certificate connection) throws Exception {
        return Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "localhost",
                Map.of(SamlecSasl.ACCEPTOR, acceptor, SamlecSasl.CLIENT_CERTIFICATE, connection), null);
    }

    /** The https demo IdP's endpoint with alice's client certificate, for {@link SamlecLogin}. */
    private static IdpEndpoint aliceEndpoint() throws Exception {
        return IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl())
                .trust(TlsTrust.pinned(List.of(TLS.caCertificate())))
                .credentials(IdpCredentials.clientCertificate(alice, DemoTls.password())).build();
    }

    @Test
    void samlecLoginWhenHolderOfKeyThenExchangesBindTheEndpointsCertificate() throws Exception {
        Subject user = SamlecLogin.builder(aliceEndpoint()).holderOfKey()
                .checkService(DemoSetup.SERVICE_ENTITY_ID, DemoSetup.SERVICE_NAME).build().login();

        SamlecCredential credential = SamlecCredential.newestIn(user).orElseThrow();
        assertThat(credential.holderOfKey()).isPresent();
        assertThat(credential.holderOfKey().get()).isSameAs(credential.idps().get(0).credentials());
        assertThat(exchange(acceptor("holder-of-key"), user, aliceCertificate).nameId().value()).isEqualTo("alice");
        assertThat(refusal(acceptor("holder-of-key"), user, bobCertificate))
                .isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
    }

    @Test
    void samlecLoginWhenHolderOfKeyWithCallbackHandlerThenTheCertificateLogsInAndNothingIsAsked() throws Exception {
        Subject user = SamlecLogin.builder(aliceEndpoint()).holderOfKey().skipCredentialCheck().build()
                .login(noPrompt());

        assertThat(SamlecCredential.newestIn(user).orElseThrow().holderOfKey()).isPresent();
        assertThat(exchange(acceptor("holder-of-key"), user, aliceCertificate).nameId().value()).isEqualTo("alice");
    }

    @Test
    void samlecLoginWhenOneSubjectLogsOutThenTheApplicationsEndpointStillLogsIn() throws Exception {
        SamlecLogin login = SamlecLogin.builder(aliceEndpoint()).holderOfKey().skipCredentialCheck().build();
        Subject first = login.login();
        Subject second = login.login();

        SamlecLogin.logout(first); // destroys the first Subject's credential, not the endpoint's key password

        assertThat(exchange(acceptor("holder-of-key"), second, aliceCertificate).nameId().value())
                .isEqualTo("alice");
        assertThat(exchange(acceptor("holder-of-key"), login.login(), aliceCertificate).nameId().value())
                .isEqualTo("alice");
    }

    @Test
    void exchangeWhenClientCreatedOutsideTheHolderOfKeySubjectThenInvalidConfigurationNotABearerLogin()
            throws Exception {
        Subject user = loggedIn(certificateOptions(true));
        SaslServer server = server(acceptor("bearer"), aliceCertificate);
        SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka", "localhost",
                Map.of(), null);
        byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

        Throwable t = catchThrowable(() -> SamlecLogin.runAs(user, () -> client.evaluateChallenge(challenge)));

        assertThat(t).isInstanceOfSatisfying(SamlecSaslException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION));
        assertThat(t.getMessage()).contains("holder-of-key", "create the client as the Subject");
    }

    @Test
    void samlecLoginWhenNotHolderOfKeyThenBearerRefusedByHolderOfKeyOnlyAcceptor() throws Exception {
        Subject user = SamlecLogin.builder(aliceEndpoint()).skipCredentialCheck().build().login();

        assertThat(SamlecCredential.newestIn(user).orElseThrow().holderOfKey()).isEmpty();
        assertThat(refusal(acceptor("holder-of-key"), user, aliceCertificate))
                .isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
    }

    @Test
    void samlecLoginWhenHolderOfKeyWithoutClientCertificateThenBuildRefuses() throws Exception {
        IdpEndpoint basic = IdpEndpoint.builder(demo.idp.entityId(), demo.idp.ssoUrl())
                .trust(TlsTrust.pinned(List.of(TLS.caCertificate())))
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build();

        Throwable t = catchThrowable(() -> SamlecLogin.builder(basic).holderOfKey().skipCredentialCheck().build());

        assertThat(t).isInstanceOf(IllegalStateException.class).hasMessageContaining("client certificate");
    }

    @Test
    void samlecLoginWhenHolderOfKeyAndPasswordLoginThenCredentialsUnavailable() throws Exception {
        SamlecLogin login = SamlecLogin.builder(aliceEndpoint()).holderOfKey().skipCredentialCheck().build();

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> login.login("alice", "alicepw".toCharArray()));

        assertThat(e).hasMessageStartingWith("credentials_unavailable").hasMessageContaining("holder-of-key");
    }

    @Test
    void loginWhenHolderOfKeyWithoutKeyStoreThenInvalidConfigurationNamingTheOption() {
        Map<String, Object> options = demo.clientOptions();
        options.put("holderOfKey", "true");

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), noPrompt(), options).login());

        assertThat(e).hasMessageStartingWith("option holderOfKey: needs keyStore");
    }
}
