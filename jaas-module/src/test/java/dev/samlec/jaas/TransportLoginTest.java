package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static dev.samlec.jaas.DemoSetup.noPrompt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecCredential;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The IdP over HTTPS (trust anchors, trust store, client certificates) and an IdP that is down or silent: each fails
 * {@code login()} with the right exception and code, quickly.
 */
@Timeout(120)
class TransportLoginTest {
    private static final DemoTls TLS = DemoTls.generate();
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoSetup(DemoIdp.builder().https(TLS.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(TLS.caCertificate())).start());
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static Map<String, Object> httpsOptions() {
        Map<String, Object> options = demo.clientOptions();
        options.remove("allowInsecureHttp");
        options.put("idpTrustAnchors", demo.writePem("ca.pem", List.of(TLS.caCertificate())).toString());
        return options;
    }

    private static Map<String, Object> certificateOptions(KeyStore keyStore, String file) {
        Map<String, Object> options = httpsOptions();
        options.put("keyStore", demo.writeKeyStore(file, keyStore, DemoTls.password()).toString());
        options.put("keyStorePassword", new String(DemoTls.password()));
        return options;
    }

    private static void assertCode(LoginException e, EcpError code) {
        assertThat(e).isNotInstanceOf(FailedLoginException.class).hasMessageStartingWith(code.code() + ": ");
        assertThat(e.getCause()).isInstanceOfSatisfying(EcpException.class, c -> assertThat(c.error()).isEqualTo(code));
    }

    @Test
    void loginWhenIdpCertificateChainsToAnchorsThenLoggedIn() throws Exception {
        assertThat(module(new Subject(), handler("alice", "alicepw"), httpsOptions()).login()).isTrue();
    }

    @Test
    void loginWhenIdpCertificateInTrustStoreThenLoggedIn() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", TLS.caCertificate());
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        options.put("trustStore", demo.writeKeyStore("trust.p12", store, "storepw".toCharArray()).toString());
        options.put("trustStorePassword", "storepw");

        assertThat(module(new Subject(), handler("alice", "alicepw"), options).login()).isTrue();
    }

    @Test
    void loginWhenIdpCertificateNotTrustedThenIdpTlsFailure() {
        Map<String, Object> options = httpsOptions();
        options.put("idpTrustAnchors", demo.writePem("other-ca.pem", List.of(DemoTls.generate().caCertificate()))
                .toString());

        assertCode(catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login()), EcpError.IDP_TLS_FAILURE);
    }

    @Test
    void loginWhenHttpsIdpAndNoTrustOptionThenLoginExceptionNamingIdpTrustAnchors() {
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        long before = demo.idp.requestCount();

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login());

        assertThat(e).hasMessageStartingWith("invalid_configuration: option idpTrustAnchors: is required for the"
                + " IdP's ECP endpoint https://").hasMessageContaining("useSystemTrust=true");
        assertThat(demo.idp.requestCount()).as("no password may leave before trust is settled").isEqualTo(before);
    }

    @Test
    void loginWhenHttpsMetadataUrlWithoutTrustOptionThenLoginExceptionNamingIdpTrustAnchors() {
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        options.remove("idpUrl");
        options.put("idpMetadata", demo.idp.metadataUrl().toString());

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("invalid_configuration: option idpTrustAnchors: is required for the IdP"
                        + " metadata URL https://");
    }

    @Test
    void loginWhenHttpsMetadataUrlWithSigningCertificateOnlyThenFetchedThroughJvmCaBundle() {
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        options.remove("idpUrl");
        options.put("idpMetadata", demo.idp.metadataUrl().toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("fed.pem", List.of(TLS.caCertificate()))
                .toString());

        // past the trust-choice rule: the JVM's CA bundle carries the fetch, and refuses the demo CA
        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ").hasMessageContaining("TLS");
    }

    @Test
    void loginWhenUseSystemTrustThenJvmCaBundleDecidesAndRefusesTheDemoCa() {
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        options.put("useSystemTrust", "true");

        assertCode(catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login()), EcpError.IDP_TLS_FAILURE);
    }

    @Test
    void loginWhenIdpDownThenIdpUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, Object> options = demo.clientOptions();
        options.put("idpUrl", "http://127.0.0.1:" + port + "/idp/profile/SAML2/SOAP/ECP");
        options.put("connectTimeout", "PT2S");

        assertCode(catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login()), EcpError.IDP_UNREACHABLE);
    }

    @Test
    void loginWhenIdpAcceptsButNeverAnswersThenIdpTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, Object> options = demo.clientOptions();
            options.put("idpUrl", "http://127.0.0.1:" + silent.getLocalPort() + "/ecp");
            options.put("responseTimeout", "PT0.5S");

            assertCode(catchThrowableOfType(LoginException.class,
                    () -> module(new Subject(), handler("alice", "alicepw"), options).login()), EcpError.IDP_TIMEOUT);
        }
    }

    @Test
    void loginWhenClientCertificateTrustedThenPrincipalIsItsCnWithoutPrompt() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, noPrompt(), certificateOptions(TLS.clientKeyStore("carol"),
                "carol.p12"));

        module.login();
        module.commit();

        assertThat(subject.getPrincipals()).containsExactly(new SamlecPrincipal("carol"));
        SamlecCredential credential = subject.getPrivateCredentials(SamlecCredential.class).iterator().next();
        assertThat(credential.idps().get(0).credentials()).isInstanceOf(IdpCredentials.ClientCertificate.class);
    }

    @Test
    void loginWhenClientCertificateFromAnotherCaThenFailedLogin() {
        Map<String, Object> options = certificateOptions(DemoTls.generate().clientKeyStore("alice"), "rogue.p12");

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .isInstanceOf(FailedLoginException.class).hasMessageStartingWith("idp_authentication_failed: ");
    }

    @Test
    void loginWhenKeyStorePasswordWrongThenLoginExceptionNamingOptionNotPassword() {
        Map<String, Object> options = certificateOptions(TLS.clientKeyStore("alice"), "alice-wrongpw.p12");
        options.put("keyStorePassword", "hunter2");

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .hasMessageStartingWith("invalid_configuration: option keyStorePassword: does not open")
                .hasMessageContaining("(value: [redacted])").hasMessageNotContaining("hunter2");
    }

    @Test
    void loginWhenKeyPasswordDiffersFromStorePasswordThenRefusedEvenWithoutCheck() throws Exception {
        KeyStore source = TLS.clientKeyStore("alice");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("client", source.getKey(DemoTls.CLIENT_ALIAS, DemoTls.password()), "other".toCharArray(),
                source.getCertificateChain(DemoTls.CLIENT_ALIAS));
        Map<String, Object> options = certificateOptions(store, "alice-keypw.p12");
        options.put("checkCredentials", "false");
        options.remove("checkServiceEntityId");
        options.remove("checkServiceName");

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .hasMessageStartingWith("invalid_configuration: option keyStorePassword: does not unlock the key");
    }

    @Test
    void loginWhenKeyAliasMissingThenLoginExceptionNamingIt() {
        Map<String, Object> options = certificateOptions(TLS.clientKeyStore("alice"), "alice-alias.p12");
        options.put("keyAlias", "nobody");

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .hasMessageStartingWith("invalid_configuration: option keyAlias: ").hasMessageContaining("nobody");
    }

    @Test
    void loginWhenKeyStoreFileMissingThenLoginExceptionNamingIt() {
        Map<String, Object> options = certificateOptions(TLS.clientKeyStore("alice"), "alice-present.p12");
        options.put("keyStore", demo.dir.resolve("absent.p12").toString());

        assertThatThrownBy(() -> module(new Subject(), noPrompt(), options).login())
                .hasMessageStartingWith("invalid_configuration: option keyStore: cannot be read");
    }

    @Test
    void loginWhenTrustAnchorsFileIsNotPemThenLoginExceptionNamingIt() {
        Map<String, Object> options = httpsOptions();
        options.put("idpTrustAnchors", demo.write("not.pem", "not a certificate").toString());

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("invalid_configuration: option idpTrustAnchors: ");
    }

    @Test
    void loginWhenTrustStoreTypeUnknownThenLoginExceptionNamingIt() {
        Map<String, Object> options = httpsOptions();
        options.remove("idpTrustAnchors");
        options.put("trustStore", demo.write("ts.bin", "x").toString());
        options.put("trustStoreType", "NOPE");

        assertThatThrownBy(() -> module(new Subject(), handler("alice", "alicepw"), options).login())
                .hasMessageStartingWith("invalid_configuration: option trustStoreType: ");
    }
}
