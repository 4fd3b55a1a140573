package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.metadata.MetadataSigning;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The acceptor side: the service settings are loaded at login() and put in the Subject's public credentials. */
class AcceptorLoginTest {
    private static DemoSetup demo;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static String keyFile(String name) {
        return demo.write(name, TestCredentials.read(name)).toString();
    }

    private static SamlecAcceptor committedAcceptor(Map<String, Object> options) throws LoginException {
        Subject subject = new Subject();
        SamlecLoginModule module = module(subject, null, options);
        module.login();
        module.commit();
        assertThat(subject.getPrincipals()).isEmpty();
        assertThat(subject.getPrivateCredentials()).isEmpty();
        return subject.getPublicCredentials(SamlecAcceptor.class).iterator().next();
    }

    @Test
    void commitWhenIdpFromMetadataFileThenAcceptorInPublicCredentials() throws Exception {
        SamlecAcceptor acceptor = committedAcceptor(demo.acceptorOptions());

        assertThat(acceptor.serviceName()).isEqualTo(DemoSetup.SERVICE_NAME);
        assertThat(acceptor.provider().settings().entityId()).isEqualTo(DemoSetup.SERVICE_ENTITY_ID);
        assertThat(trust(acceptor).certificatesOf(demo.idp.entityId()))
                .containsExactly(demo.idp.signingCertificate());
        assertThat(acceptor.canSign()).isFalse();
        assertThat(acceptor.provider().settings().clockSkew()).hasMinutes(3);
    }

    @Test
    void commitWhenIdpFromMetadataUrlThenTrusted() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.idp.metadataUrl().toString());
        options.put("allowInsecureHttp", "true");

        assertThat(trust(committedAcceptor(options)).trusts(demo.idp.entityId())).isTrue();
    }

    @Test
    void commitWhenMetadataSignedByFederationAndItsCertificateGivenThenTrusted() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.write("signed.xml", MetadataSigning.signRsaSha256(demo.idp.metadata(),
                TestCredentials.idp2().privateKey(), TestCredentials.idp2().certificate())).toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());

        assertThat(trust(committedAcceptor(options)).trusts(demo.idp.entityId())).isTrue();
    }

    @Test
    void loginWhenSignedMetadataValidLongerThanIdpMetadataMaxValidityThenMetadataInvalid() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.write("signed-week.xml", MetadataSigning.signRsaSha256(demo.idp.metadata(),
                TestCredentials.idp2().privateKey(), TestCredentials.idp2().certificate())).toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());
        options.put("idpMetadataMaxValidity", "P1D"); // the fixture is valid for a week

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("longest validity allowed, 1 day");
    }

    @Test
    void loginWhenMetadataSigningCertificateGivenAndMetadataUnsignedThenMetadataSignatureInvalid() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadataSigningCertificate", demo.writePem("fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());

        assertThatThrownBy(() -> module(new Subject(), null, options).login()).isInstanceOf(LoginException.class)
                .hasMessageStartingWith("metadata_signature_invalid: option idpMetadata: ")
                .hasMessageContaining("not signed");
    }

    @Test
    void loginWhenMetadataSignedByAnotherKeyThenMetadataSignatureInvalid() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.write("forged.xml", sign(demo.idp.metadata())).toString());
        options.put("idpMetadataSigningCertificate", demo.writePem("fed.pem",
                List.of(TestCredentials.idp2().certificate())).toString());

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("metadata_signature_invalid: option idpMetadata: ");
    }

    private static byte[] sign(byte[] metadata) {
        try {
            return MetadataSigning.signRsaSha256(metadata, TestCredentials.attacker().privateKey(),
                    TestCredentials.attacker().certificate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void commitWhenIdpFromSigningCertificateThenTrustedForThatEntity() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.remove("idpMetadata");
        options.put("idpEntityId", "https://idp.example.org");
        options.put("idpSigningCertificate", demo.writePem("idp.pem", List.of(demo.idp.signingCertificate()))
                .toString());

        SamlecAcceptor acceptor = committedAcceptor(options);

        assertThat(trust(acceptor).certificatesOf("https://idp.example.org"))
                .containsExactly(demo.idp.signingCertificate());
    }

    private Map<String, Object> keycloakOptions() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        try (InputStream in = getClass().getResourceAsStream("/dev/samlec/mech/metadata/keycloak-idp-metadata.xml")) {
            options.put("idpMetadata", demo.write("keycloak.xml", in.readAllBytes()).toString());
        }
        return options;
    }

    @Test
    void commitWhenKeycloakMetadataThenItsRealmTrustedAndItsWishForSignedRequestsKept() throws Exception {
        Map<String, Object> options = keycloakOptions(); // says WantAuthnRequestsSigned="true"
        options.put("signingKey", keyFile("sp-signing.key"));
        options.put("signingCertificate", keyFile("sp-signing.crt"));

        SamlecAcceptor acceptor = committedAcceptor(options);

        Trusted trust = trust(acceptor);
        assertThat(trust.trusts("http://127.0.0.1:8080/realms/ecp")).isTrue();
        assertThat(trust.source().soleIdp()).contains("http://127.0.0.1:8080/realms/ecp");
        assertThat(trust.source().idpWantingSignedRequests()).contains("http://127.0.0.1:8080/realms/ecp");
        assertThat(acceptor.signEveryRequest()).isFalse();
        assertThat(acceptor.signsPlainRequest()).isTrue();
    }

    /** Keycloak publishes the flag for every realm and enforces it per client: unsigned, with one WARN. */
    @Test
    void commitWhenMetadataWantsSignedRequestsAndNoSigningKeyThenUnsignedRequestsAndAWarning() throws Exception {
        Map<String, Object> options = keycloakOptions();

        String log = dev.samlec.mech.testing.CapturedStandardError.during(() -> {
            SamlecAcceptor acceptor = committedAcceptor(options);
            assertThat(acceptor.signsPlainRequest()).isFalse();
        });

        assertThat(log).contains("http://127.0.0.1:8080/realms/ecp").contains("WantAuthnRequestsSigned")
                .contains("signingCertificate");
    }

    @Test
    void commitWhenDemoMetadataDoesNotWantSignedRequestsThenPlainRequestsUnsignedDespiteKey() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("signingKey", keyFile("sp-signing.key"));
        options.put("signingCertificate", keyFile("sp-signing.crt"));

        SamlecAcceptor acceptor = committedAcceptor(options);

        assertThat(acceptor.canSign()).isTrue();
        assertThat(acceptor.signsPlainRequest()).isFalse();
    }

    @Test
    void commitWhenAllServiceOptionsSetThenAllApplied() throws Exception {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("signingKey", keyFile("sp-signing.key"));
        options.put("signingCertificate", keyFile("sp-signing.crt"));
        options.put("decryptionKey", keyFile("sp-encryption.key"));
        options.put("decryptionCertificate", keyFile("sp-encryption.crt"));
        options.put("clockSkew", "PT1M");
        options.put("replayCacheSize", "5");
        options.put("idpList", demo.idp.entityId());
        options.put("principalAttribute", "uid");
        options.put("signEveryRequest", "true");
        options.put("confirmationMethods", "bearer,holder-of-key");

        SamlecAcceptor acceptor = committedAcceptor(options);

        assertThat(acceptor.signEveryRequest()).isTrue();
        assertThat(acceptor.principalAttribute()).contains("uid");
        assertThat(acceptor.canSign()).isTrue();
        assertThat(acceptor.provider().settings().decryptionKeys()).hasSize(1);
        assertThat(acceptor.provider().settings().clockSkew()).hasMinutes(1);
        assertThat(acceptor.idpList()).containsExactly(demo.idp.entityId());
        assertThat(acceptor.provider().settings().confirmationMethods())
                .isEqualTo(ConfirmationMethods.BEARER_OR_HOLDER_OF_KEY);
    }

    @Test
    void loginWhenMetadataNotXmlThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.write("broken.xml", "<md:EntityDescriptor").toString());

        assertThatThrownBy(() -> module(new Subject(), null, options).login()).isInstanceOf(LoginException.class)
                .isNotInstanceOf(FailedLoginException.class)
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ");
    }

    @Test
    void loginWhenMetadataFileMissingThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpMetadata", demo.dir.resolve("nothing-here.xml").toString());

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ").hasMessageContaining("nothing-here");
    }

    @Test
    void loginWhenIdpEntityNotInMetadataThenLoginException() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpEntityId", "https://other.example.org/idp");

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("metadata_invalid: option idpMetadata: ")
                .hasMessageContaining("https://other.example.org/idp");
    }

    @Test
    void loginWhenSigningCertificateNotPemThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.remove("idpMetadata");
        options.put("idpEntityId", "https://idp.example.org");
        options.put("idpSigningCertificate", demo.write("garbage.pem", "garbage").toString());

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option idpSigningCertificate: ");
    }

    @Test
    void loginWhenSigningKeyIsNotTheCertificatesKeyThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("signingKey", keyFile("sp-signing.key"));
        options.put("signingCertificate", keyFile("sp-encryption.crt"));

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option signingKey: is not the private key of the"
                        + " certificate");
    }

    @Test
    void loginWhenSigningKeyAlgorithmDiffersFromCertificateThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("signingKey", keyFile("idp-ec.key"));
        options.put("signingCertificate", keyFile("sp-signing.crt"));

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option signingKey: ");
    }

    @Test
    void loginWhenSigningKeyFileIsACertificateThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("signingKey", keyFile("sp-signing.crt"));
        options.put("signingCertificate", keyFile("sp-signing.crt"));

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option signingKey: ")
                .hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void loginWhenDecryptionKeyIsEcThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("decryptionKey", keyFile("idp-ec.key"));
        options.put("decryptionCertificate", keyFile("idp-ec.crt"));

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option decryptionKey: must be an RSA key");
    }

    @Test
    void loginWhenIdpListNamesAnUntrustedIdpThenLoginExceptionNamingOption() {
        Map<String, Object> options = demo.acceptorOptions();
        options.put("idpList", demo.idp.entityId() + ",https://stranger.example.org");

        assertThatThrownBy(() -> module(new Subject(), null, options).login())
                .hasMessageStartingWith("invalid_configuration: option idpList: names https://stranger.example.org");
    }

    @Test
    void logoutWhenTwoAcceptorsCommittedThenOnlyItsOwnRemoved() throws Exception {
        Subject subject = new Subject();
        SamlecLoginModule first = module(subject, null, demo.acceptorOptions());
        SamlecLoginModule second = module(subject, null, demo.acceptorOptions());
        first.login();
        first.commit();
        second.login();
        second.commit();
        assertThat(subject.getPublicCredentials(SamlecAcceptor.class)).hasSize(2);

        second.logout();

        assertThat(subject.getPublicCredentials(SamlecAcceptor.class)).hasSize(1);
        first.logout();
        assertThat(subject.getPublicCredentials()).isEmpty();
    }

    @Test
    void toStringWhenAcceptorThenSaysSo() {
        assertThat(module(new Subject(), null, demo.acceptorOptions()).toString()).contains("acceptor");
    }

    /** The trusted IdPs, whichever source holds them (one IdP, or a federation aggregate). */
    private static Trusted trust(dev.samlec.sasl.SamlecAcceptor acceptor) {
        return new Trusted(acceptor.provider().settings().idpTrust());
    }

    private record Trusted(dev.samlec.mech.service.IdpTrustSource source) {
        boolean trusts(String entityId) throws Exception {
            return source.find(entityId).isPresent();
        }

        List<java.security.cert.X509Certificate> certificatesOf(String entityId) throws Exception {
            return source.find(entityId).map(dev.samlec.mech.service.TrustedIdp::signingCertificates)
                    .orElse(List.of());
        }
    }
}
