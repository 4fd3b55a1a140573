package dev.samlec.testkit;

import static dev.samlec.testkit.EcpTestSupport.ACS;
import static dev.samlec.testkit.EcpTestSupport.SP;
import static dev.samlec.testkit.EcpTestSupport.envelope;
import static dev.samlec.testkit.EcpTestSupport.post;
import static dev.samlec.testkit.EcpTestSupport.request;
import static dev.samlec.testkit.EcpTestSupport.resource;
import static dev.samlec.testkit.EcpTestSupport.samlResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.Pem;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.IdpResponse;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensaml.saml.ext.samlec.GeneratedKey;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.encryption.Decrypter;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.encryption.support.InlineEncryptedKeyResolver;
import org.opensaml.xmlsec.keyinfo.impl.StaticKeyInfoCredentialResolver;

/**
 * The demo IdP's SAML-EC session keys (draft 5.3.1): a fresh key for each login of an SP with an encryption
 * certificate, once in the {@code samlec:GeneratedKey} header block and once in the encrypted assertion's Advice,
 * both the same bytes; none for an SP without one (the assertion could not be encrypted).
 */
class DemoIdpSessionKeyTest {
    private static final HttpClient CLIENT = EcpTestSupport.client();
    private static final SecureXmlParser PARSER = SecureXmlParser.withDefaultLimit();
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

    private static byte[] login(DemoIdp idp, String id) throws Exception {
        return post(CLIENT, idp.ssoUrl(), request(id), "alice", "alicepw").body();
    }

    private static List<byte[]> adviceKeys(byte[] answer) throws Exception {
        Response response = samlResponse(envelope(answer));
        Decrypter decrypter = new Decrypter(null,
                new StaticKeyInfoCredentialResolver(new BasicX509Credential(spCertificate, spKey)),
                new InlineEncryptedKeyResolver());
        decrypter.setRootInNewDocument(true);
        Assertion assertion = decrypter.decrypt(response.getEncryptedAssertions().get(0));
        if (assertion.getAdvice() == null) {
            return List.of();
        }
        return assertion.getAdvice().getChildren().stream().filter(GeneratedKey.class::isInstance)
                .map(k -> Base64.getDecoder().decode(((GeneratedKey) k).getValue())).toList();
    }

    @Test
    void loginWhenSpHasEncryptionCertificateThenSame32ByteKeyInHeaderAndAdvice() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            idp.registerServiceProvider(SP, List.of(ACS), spCertificate);
            byte[] first = login(idp, "_k1");
            byte[] second = login(idp, "_k2");

            byte[] header = IdpResponse.parse(first, PARSER).generatedKey().orElseThrow();
            assertThat(header).hasSize(32);
            assertThat(adviceKeys(first)).singleElement().isEqualTo(header);
            assertThat(IdpResponse.parse(second, PARSER).generatedKey().orElseThrow()).isNotEqualTo(header);
        }
    }

    @Test
    void loginWhenRegistrationAsks16BytesThen16() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                    .encryptionCertificate(spCertificate).generatedKeyBytes(16).build());
            byte[] answer = login(idp, "_k16");

            assertThat(IdpResponse.parse(answer, PARSER).generatedKey().orElseThrow()).hasSize(16);
            assertThat(adviceKeys(answer)).singleElement().satisfies(k -> assertThat(k).hasSize(16));
        }
    }

    @Test
    void loginWhenSpHasNoEncryptionCertificateThenNoKeyAnywhere() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            idp.registerServiceProvider(SP, List.of(ACS));
            byte[] answer = login(idp, "_plain");

            assertThat(IdpResponse.parse(answer, PARSER).generatedKey()).isEmpty();
            assertThat(new String(answer, StandardCharsets.UTF_8)).doesNotContain("GeneratedKey");
        }
    }

    @Test
    void loginWhenRegistrationAsksNoKeyThenEncryptedWithoutKey() throws Exception {
        try (DemoIdp idp = DemoIdp.builder().directory(directory).start()) {
            idp.registerServiceProvider(ServiceProviderRegistration.builder(SP).acsUrls(List.of(ACS))
                    .encryptionCertificate(spCertificate).generatedKeyBytes(0).build());
            byte[] answer = login(idp, "_nokey");

            assertThat(IdpResponse.parse(answer, PARSER).generatedKey()).isEmpty();
            assertThat(adviceKeys(answer)).isEmpty();
        }
    }
}
