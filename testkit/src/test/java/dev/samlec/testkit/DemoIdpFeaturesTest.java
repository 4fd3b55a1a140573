package dev.samlec.testkit;

import dev.samlec.mech.SigningKey;
import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.assertSignedBy;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.request;
import static dev.samlec.testkit.EcpTestSupport.resource;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static dev.samlec.testkit.EcpTestSupport.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.Pem;
import dev.samlec.mech.metadata.IdpMetadata;
import dev.samlec.mech.metadata.MetadataLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.EncryptedAssertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;

class DemoIdpFeaturesTest {
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static DemoDirectory directory;
    private static X509Certificate spCertificate;
    private static PrivateKey spKey;

    @BeforeAll
    static void start() throws Exception {
        directory = DemoDirectory.start();
        spCertificate = Pem.parseCertificates(text("sp-encryption.crt"), "sp-encryption.crt").get(0);
        spKey = Pem.parsePrivateKey(text("sp-encryption.key"), "sp-encryption.key");
    }

    @AfterAll
    static void stop() {
        directory.close();
    }

    private static String text(String name) {
        return new String(resource(name), StandardCharsets.US_ASCII);
    }

    private static DemoIdp.Builder idp() {
        return DemoIdp.builder().directory(directory);
    }

    @Test
    void metadataEndpointThenMetadataLoaderReadsSoapEndpointAndSigningCertificate() throws Exception {
        try (DemoIdp idp = idp().start()) {
            IdpMetadata metadata = MetadataLoader.builder().build().load(idp.metadataUrl());

            assertThat(metadata.entityId()).isEqualTo(idp.entityId()).isEqualTo(idp.baseUri() + "/idp");
            assertThat(metadata.soapSingleSignOnServices()).containsExactly(idp.ssoUrl());
            assertThat(metadata.signingCertificates()).containsExactly(idp.signingCertificate());
            assertThat(metadata.wantAuthnRequestsSigned()).isFalse();
            HttpResponse<byte[]> raw = CLIENT.send(HttpRequest.newBuilder(idp.metadataUrl()).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(raw.headers().firstValue("Content-Type")).contains("application/samlmetadata+xml");
            assertThat(raw.body()).isEqualTo(idp.metadata());
        }
    }

    @Test
    void defaultsThenDemoKeyAndBannerSayDemoOnly() throws Exception {
        try (DemoIdp idp = idp().start()) {
            assertThat(idp.signingCertificate()).isEqualTo(DemoKeys.idpSigningKey().certificate());
            assertThat(idp.banner()).contains("FOR DEMOS AND TESTS ONLY", "NEVER FOR PRODUCTION", "PUBLIC demo key",
                    idp.ssoUrl().toString(), directory.ldapUrl(), "alice/alicepw");
            assertThat(idp.toString()).contains("DEMO", "for demos and tests only");
            assertThat(idp.ssoUrl().toString()).isEqualTo(idp.baseUri() + "/idp/profile/SAML2/SOAP/ECP");
        }
    }

    @Test
    void loginWhenSpHasEncryptionCertificateThenAesGcmRsaOaepEncryptedSignedAssertion() throws Exception {
        try (DemoIdp idp = idp().start()) {
            idp.registerServiceProvider(SP, List.of(ACS), spCertificate);
            Response response = samlResponse(envelope(post(CLIENT, idp.ssoUrl(), request("_enc"), "alice", "alicepw")
                    .body()));

            assertSignedBy(response, idp.signingCertificate());
            assertThat(response.getAssertions()).isEmpty();
            assertThat(response.getEncryptedAssertions()).hasSize(1);
            EncryptedAssertion encrypted = response.getEncryptedAssertions().get(0);
            assertThat(encrypted.getEncryptedData().getEncryptionMethod().getAlgorithm())
                    .isEqualTo("http://www.w3.org/2009/xmlenc11#aes256-gcm");
            assertThat(encrypted.getEncryptedData().getKeyInfo().getEncryptedKeys().get(0).getEncryptionMethod()
                    .getAlgorithm()).isEqualTo("http://www.w3.org/2009/xmlenc11#rsa-oaep");
            Decrypter decrypter = new Decrypter(null,
                    new StaticKeyInfoCredentialResolver(new BasicX509Credential(spCertificate, spKey)),
                    new InlineEncryptedKeyResolver());
            decrypter.setRootInNewDocument(true);
            Assertion assertion = decrypter.decrypt(encrypted);
            assertSignedBy(assertion, idp.signingCertificate());
            assertThat(values(assertion, DemoAttributes.MAIL)).containsExactly("alice@samlec.dev");
        }
    }

    @Test
    void loginWhenCustomSigningKeyThenSignedWithItAndPublishedInMetadata() throws Exception {
        SigningKey own = new SigningKey(spKey, spCertificate);
        try (DemoIdp idp = idp().signingKey(own).entityId("urn:samlec:test-idp").start()) {
            idp.registerServiceProvider(SP, List.of(ACS));
            Response response = samlResponse(envelope(post(CLIENT, idp.ssoUrl(), request("_own"), "bob", "bobpw")
                    .body()));

            assertThat(response.getIssuer().getValue()).isEqualTo("urn:samlec:test-idp");
            assertSignedBy(response, spCertificate);
            assertSignedBy(response.getAssertions().get(0), spCertificate);
            assertThat(MetadataLoader.builder().build().load(idp.metadataUrl()).signingCertificates())
                    .containsExactly(spCertificate);
            assertThat(idp.banner()).doesNotContain("PUBLIC demo key");
        }
    }

    @Test
    void httpsWhenClientTrustsTheCertificateThenLoginWorksAndUntrustingClientFails() throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(new ByteArrayInputStream(resource("tls.p12")), "changeit".toCharArray());
        try (DemoIdp idp = idp().https(keyStore, "changeit".toCharArray()).start()) {
            idp.registerServiceProvider(SP, List.of(ACS));
            assertThat(idp.ssoUrl().getScheme()).isEqualTo("https");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting()).build();

            Response response = samlResponse(envelope(post(trusting, idp.ssoUrl(), request("_tls"), "alice",
                    "alicepw").body()));
            assertSignedBy(response, idp.signingCertificate());
            assertThatThrownBy(() -> post(CLIENT, idp.ssoUrl(), request("_tls2"), "alice", "alicepw"))
                    .isInstanceOf(SSLHandshakeException.class);
            SSLContext context = trusting();
            assertThat(MetadataLoader.builder().sslContext(context).build().load(idp.metadataUrl()).entityId())
                    .startsWith("https://127.0.0.1:");
        }
    }

    @Test
    void loginWhenManyConcurrentLoginsThenEachSucceedsWithItsOwnAssertion() throws Exception {
        try (DemoIdp idp = idp().responseDelay(Duration.ofMillis(20)).start()) {
            idp.registerServiceProvider(SP, List.of(ACS));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Response>> logins = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String user = i % 2 == 0 ? "alice" : "bob";
                    String id = "_concurrent-" + i;
                    logins.add(pool.submit(() -> samlResponse(envelope(
                            post(CLIENT, idp.ssoUrl(), request(id), user, user + "pw").body()))));
                }
                Set<String> assertionIds = new HashSet<>();
                for (int i = 0; i < logins.size(); i++) {
                    Response response = logins.get(i).get();
                    assertThat(response.getInResponseTo()).isEqualTo("_concurrent-" + i);
                    Assertion assertion = response.getAssertions().get(0);
                    assertThat(values(assertion, DemoAttributes.UID)).containsExactly(i % 2 == 0 ? "alice" : "bob");
                    assertSignedBy(assertion, idp.signingCertificate());
                    assertionIds.add(assertion.getID());
                }
                assertThat(assertionIds).hasSize(16);
                assertThat(idp.requestCount()).isEqualTo(16);
                assertThat(idp.assertionCount()).isEqualTo(16);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void loginWhenDirectoryInProcessThenSameUserAndAWrongPasswordRefused() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().directory(directory).directoryAccess(DemoIdp.DirectoryAccess.IN_PROCESS)
                .threads(2).start()) {
            idp.registerServiceProvider(SP, List.of(ACS));

            Response ok = samlResponse(envelope(post(CLIENT, idp.ssoUrl(), request("_req-in-process"), "alice",
                    "alicepw").body()));
            Response refused = samlResponse(envelope(post(CLIENT, idp.ssoUrl(), request("_req-in-process-wrong"),
                    "alice", "bobpw").body()));

            assertSignedBy(ok, idp.signingCertificate());
            Assertion assertion = ok.getAssertions().get(0);
            assertThat(assertion.getSubject().getNameID().getValue()).isEqualTo("alice");
            assertThat(values(assertion, DemoAttributes.GROUPS)).containsExactly("admins", "staff");
            assertThat(refused.getStatus().getStatusCode().getStatusCode().getValue())
                    .isEqualTo(org.opensaml.saml.saml2.core.StatusCode.AUTHN_FAILED);
            assertThat(refused.getAssertions()).isEmpty();
        }
    }

    @Test
    void threadsWhenOutOfRangeThenRefused() {
        assertThatThrownBy(() -> DemoIdp.builder().threads(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threads");
        assertThatThrownBy(() -> DemoIdp.builder().directoryAccess(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void closeThenPortClosedAndOwnDirectoryStopped() throws Exception {
        DemoIdp idp = DemoIdp.start();
        DemoDirectory own = idp.directory();
        idp.close();
        idp.close();

        assertThatThrownBy(() -> post(CLIENT, idp.ssoUrl(), request("_closed"), "alice", "alicepw"))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> new DirectoryAuthenticator("127.0.0.1", own.port(), Duration.ofSeconds(2))
                .authenticate("alice", "alicepw".toCharArray())).isInstanceOf(IOException.class);
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("idp", Pem.parseCertificates(text("tls.crt"), "tls.crt").get(0));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
