package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpClient;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.PaosRequest;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Holder-of-key over HTTP ECP, end to end over real TLS on loopback: the demo IdP (HTTPS, client certificates) binds
 * the key alice logged in with, and the demo service (HTTPS, wantClientAuth) accepts the assertion only on a
 * connection whose client certificate has that key.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HolderOfKeyHttpEcpTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static DemoDirectory directory;
    private static DemoTls tls;
    private static DemoIdp idp;
    private static DemoServiceProvider holderOfKeyOnly;
    private static DemoServiceProvider bearerOnly;
    /** Alice's one key (each {@code clientKeyStore} call makes a new key). */
    private static KeyStore alice;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        tls = DemoTls.generate();
        alice = tls.clientKeyStore("alice");
        idp = DemoIdp.builder().directory(directory).https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        IdpTrust trust = IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate()));
        holderOfKeyOnly = DemoServiceProvider.builder().trust(trust).https(tls.serverKeyStore(), DemoTls.password())
                .confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY).start();
        bearerOnly = DemoServiceProvider.builder().trust(trust).https(tls.serverKeyStore(), DemoTls.password())
                .start();
        for (DemoServiceProvider sp : List.of(holderOfKeyOnly, bearerOnly)) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        }
    }

    @AfterAll
    static void stop() {
        holderOfKeyOnly.close();
        bearerOnly.close();
        idp.close();
        directory.close();
    }

    private static IdpCredentials.ClientCertificate alice() throws Exception {
        return IdpCredentials.clientCertificate(alice, DemoTls.password());
    }

    private static IdpEndpoint idpEndpoint(IdpCredentials credentials) throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).credentials(credentials)
                .trust(TlsTrust.pinned(List.of(tls.caCertificate()))).responseTimeout(TIMEOUT).build();
    }

    private static EcpHttpClient.Builder client(IdpCredentials idpLogin) throws Exception {
        return EcpHttpClient.builder().idp(idpEndpoint(idpLogin)).spTrust(TlsTrust.pinned(List.of(tls.caCertificate())))
                .spResponseTimeout(TIMEOUT);
    }

    @Test
    void fetchWhenClientCertificateMatchesAssertionKeyThenLoggedIn() throws Exception {
        try (EcpHttpClient client = client(alice()).holderOfKey(alice()).build()) {
            HttpResult result = client.fetch(holderOfKeyOnly.resourceUrl());

            assertThat(result.status()).isEqualTo(200);
            assertThat(result.bodyAsString()).contains("nameId=alice\n");
        }
    }

    @Test
    void fetchWhenIdpAnswersHolderOfKeyRequestWithBearerAssertionThenRefusedBeforeTheService() throws Exception {
        try (DemoIdp ignoring = DemoIdp.builder().directory(directory).https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).ignoreHolderOfKeyRequests().start();
                DemoServiceProvider sp = DemoServiceProvider.builder()
                        .trust(IdpTrust.of(ignoring.entityId(), List.of(ignoring.signingCertificate())))
                        .https(tls.serverKeyStore(), DemoTls.password()).start()) {
            ignoring.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            IdpEndpoint endpoint = IdpEndpoint.builder(ignoring.entityId(), ignoring.ssoUrl()).credentials(alice())
                    .trust(TlsTrust.pinned(List.of(tls.caCertificate()))).responseTimeout(TIMEOUT).build();
            try (EcpHttpClient bearerClient = EcpHttpClient.builder().idp(endpoint)
                    .spTrust(TlsTrust.pinned(List.of(tls.caCertificate()))).spResponseTimeout(TIMEOUT).build();
                    EcpHttpClient client = EcpHttpClient.builder().idp(endpoint)
                            .spTrust(TlsTrust.pinned(List.of(tls.caCertificate()))).spResponseTimeout(TIMEOUT)
                            .holderOfKey(alice()).build()) {
                // the same IdP and service log a bearer client in: only the holder-of-key wish is refused
                assertThat(bearerClient.fetch(sp.resourceUrl()).status()).isEqualTo(200);

                EcpException e = catchThrowableOfType(() -> client.fetch(sp.resourceUrl()), EcpException.class);

                assertThat(e.error()).isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
                assertThat(e.getMessage()).contains("asked the IdP for a holder-of-key assertion bound to the key"
                        + " of CN=alice", "Method 'urn:oasis:names:tc:SAML:2.0:cm:bearer'",
                        "nothing was sent to the service");
            }
        }
    }

    @Test
    void fetchWhenTheIdpEncryptsTheAssertionThenRefusedUnlessAcceptedUncheckedAndTheServiceChecksTheKey()
            throws Exception {
        dev.samlec.mech.SigningKey decryption = GeneratedKeys.rsa("demo service encryption");
        try (DemoServiceProvider sp = DemoServiceProvider.builder()
                .trust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .https(tls.serverKeyStore(), DemoTls.password()).confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY)
                .decryptionKey(decryption).start()) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()), decryption.certificate());
            try (EcpHttpClient checking = client(alice()).holderOfKey(alice()).build();
                    EcpHttpClient unchecked = client(alice()).holderOfKey(alice())
                            .acceptEncryptedHolderOfKeyAnswers().build()) {
                EcpException e = catchThrowableOfType(() -> checking.fetch(sp.resourceUrl()), EcpException.class);

                assertThat(e.error()).isEqualTo(EcpError.INVALID_SUBJECT_CONFIRMATION);
                assertThat(e.getMessage()).contains("an encrypted assertion", "nothing was sent");
                HttpResult result = unchecked.fetch(sp.resourceUrl());
                assertThat(result.status()).isEqualTo(200);
                assertThat(result.bodyAsString()).contains("nameId=alice\n");
            }
        }
    }

    @Test
    void fetchWhenBearerOnlyServiceGetsHolderOfKeyAssertionThenRefused() throws Exception {
        try (EcpHttpClient client = client(alice()).holderOfKey(alice()).build()) {
            EcpException e = catchThrowableOfType(() -> client.fetch(bearerOnly.resourceUrl()), EcpException.class);

            assertThat(e.error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
            assertThat(e.getMessage()).contains("HTTP 403", "invalid_subject_confirmation");
        }
    }

    @Test
    void fetchWhenHolderOfKeyOnlyServiceGetsBearerAssertionThenRefused() throws Exception {
        try (EcpHttpClient client = client(alice()).build()) {
            EcpException e = catchThrowableOfType(() -> client.fetch(holderOfKeyOnly.resourceUrl()),
                    EcpException.class);

            assertThat(e.error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
            assertThat(e.getMessage()).contains("HTTP 403", "invalid_subject_confirmation");
        }
    }

    @Test
    void postWhenNoClientCertificateOnServiceConnectionThenRefused() throws Exception {
        HttpResponse<String> answer = relayHolderOfKeyAssertion(ClientTls.trusting(tls.caCertificate()));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("invalid_subject_confirmation");
    }

    @Test
    void postWhenOtherKeyOnServiceConnectionThenRefused() throws Exception {
        HttpResponse<String> answer = relayHolderOfKeyAssertion(
                ClientTls.alwaysPresenting(tls.clientKeyStore("bob"), tls.caCertificate()));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("invalid_subject_confirmation");
    }

    /** Same subject, same CA, another key: the key is compared, not the certificate's names. */
    @Test
    void postWhenAnotherCertificateOfSameUserThenRefused() throws Exception {
        HttpResponse<String> answer = relayHolderOfKeyAssertion(
                ClientTls.alwaysPresenting(tls.clientKeyStore("alice"), tls.caCertificate()));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("invalid_subject_confirmation");
    }

    @Test
    void postWhenSameKeyOnServiceConnectionThenRedirectedToResource() throws Exception {
        HttpResponse<String> answer = relayHolderOfKeyAssertion(ClientTls.alwaysPresenting(alice,
                tls.caCertificate()), alice);

        assertThat(answer.statusCode()).isEqualTo(302);
    }

    @Test
    void sendWhenHolderOfKeyAskedAfterPasswordLoginThenIdpRefuses() throws Exception {
        PaosRequest challenge = challenge(ClientTls.trusting(tls.caCertificate()));
        try (IdpClient idpClient = new IdpClient(idpEndpoint(IdpCredentials.basic("alice",
                "alicepw".toCharArray())))) {
            EcpException e = catchThrowableOfType(() -> idpClient.send(
                    IdpRequest.of(challenge.authnRequest(), Optional.empty(), true)), EcpException.class);

            assertThat(e.getMessage()).contains("holder-of-key assertion needs a login with a TLS client certificate");
        }
    }

    /**
     * A password login that also shows a certificate the IdP does not trust (so not a certificate login): the TLS
     * handshake proved the key, but the IdP binds only the certificate a user logged in with.
     */
    @Test
    void sendWhenHolderOfKeyAskedAfterPasswordLoginWithUntrustedCertificateThenIdpRefuses() throws Exception {
        PaosRequest challenge = challenge(ClientTls.trusting(tls.caCertificate()));
        byte[] request = IdpRequest.of(challenge.authnRequest(), Optional.empty(), true).toBytes();
        HttpClient untrusted = ClientTls.alwaysPresenting(DemoTls.generate().clientKeyStore("alice"),
                tls.caCertificate());

        HttpResponse<byte[]> answer = EcpTestSupport.post(untrusted, idp.ssoUrl(), request, "alice", "alicepw");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .contains(HolderOfKeyBinding.NEEDS_CERTIFICATE);
    }

    private static HttpResponse<String> relayHolderOfKeyAssertion(HttpClient toService) throws Exception {
        return relayHolderOfKeyAssertion(toService, alice);
    }

    /** Challenge, a holder-of-key assertion for alice's key from the IdP, then the POST over {@code toService}. */
    private static HttpResponse<String> relayHolderOfKeyAssertion(HttpClient toService, KeyStore idpLogin)
            throws Exception {
        PaosRequest challenge = challenge(toService);
        IdpResponse answer;
        try (IdpClient idpClient = new IdpClient(idpEndpoint(IdpCredentials.clientCertificate(idpLogin,
                DemoTls.password())))) {
            answer = idpClient.send(IdpRequest.of(challenge.authnRequest(), Optional.empty(), true));
        }
        byte[] paos = PaosResponse.of(challenge, answer.response().orElseThrow()).toBytes();
        return toService.send(HttpRequest.newBuilder(URI.create(challenge.responseConsumerUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/vnd.paos+xml").POST(HttpRequest.BodyPublishers.ofByteArray(paos))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static PaosRequest challenge(HttpClient toService) throws Exception {
        HttpResponse<byte[]> answer = toService.send(HttpRequest.newBuilder(holderOfKeyOnly.resourceUrl())
                .timeout(TIMEOUT).header("Accept", "text/html, application/vnd.paos+xml")
                .header("PAOS", "ver=\"urn:liberty:paos:2003-08\";\"urn:oasis:names:tc:SAML:2.0:profiles:SSO:ecp\"")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return PaosRequest.parse(answer.body(), SecureXmlParser.withDefaultLimit());
    }
}
