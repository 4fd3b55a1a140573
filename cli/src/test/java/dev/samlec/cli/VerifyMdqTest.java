package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.testkit.DemoMdq;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec verify --idp-mdq URL --metadata-signing-cert PEM}: the IdP a Response's Issuer names is looked up at a
 * real loopback MDQ service, whose answers are EntityDescriptors signed by a generated MDQ signing key; an unknown
 * IdP, an answer signed by another key, an IdP outside --idp-entity-id or the --federation-* filters are refused, and
 * the option's usage rules are one-line errors.
 */
@Timeout(60)
class VerifyMdqTest {
    private static final SigningKey MDQ_SIGNER = GeneratedKeys.rsa("cli test mdq signer");
    private static final SigningKey OTHER = GeneratedKeys.rsa("cli test other signer");
    private static final String UNKNOWN = "https://idp.unknown.example.org/idp";
    private static final String RS = FederationMetadataBuilder.ENTITY_CATEGORY + "="
            + FederationMetadataBuilder.REFEDS_RS;

    @TempDir
    Path dir;
    private DemoMdq mdq;
    private String mdqPem;
    private int files;

    @BeforeEach
    void start() throws Exception {
        mdq = DemoMdq.http();
        mdq.serve(TestSamlObjects.IDP, entity(TestSamlObjects.IDP, TestCredentials.idp().certificate(), "",
                MDQ_SIGNER));
        mdq.serve(TestSamlObjects.IDP2, entity(TestSamlObjects.IDP2, TestCredentials.idp2().certificate(),
                entityAttribute(FederationMetadataBuilder.ENTITY_CATEGORY, FederationMetadataBuilder.REFEDS_RS),
                MDQ_SIGNER));
        mdqPem = MetadataTrustVerifyTest.pem(dir, "mdq-signer.pem", MDQ_SIGNER.certificate());
    }

    @AfterEach
    void stop() {
        mdq.close();
    }

    /** One IdP's EntityDescriptor, as an MDQ service answers it, signed by {@code signer}. */
    static byte[] entity(String entityId, X509Certificate certificate, String extensions, SigningKey signer)
            throws Exception {
        return MetadataTrustVerifyTest.signedAtVerifyTime(entityXml(entityId, certificate, extensions), signer);
    }

    /** One IdP's EntityDescriptor, unsigned. */
    static byte[] entityXml(String entityId, X509Certificate certificate, String extensions)
            throws java.security.cert.CertificateEncodingException {
        String xml = "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\""
                + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" entityID=\"" + entityId + "\">" + extensions
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
                + Base64.getEncoder().encodeToString(certificate.getEncoded())
                + "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:SOAP\""
                + " Location=\"https://idp.example.org/idp/profile/SAML2/SOAP/ECP\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    private static String entityAttribute(String name, String value) {
        return "<md:Extensions><mdattr:EntityAttributes xmlns:mdattr=\"urn:oasis:names:tc:SAML:metadata:attribute\">"
                + "<saml:Attribute xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" Name=\"" + name + "\""
                + " NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\"><saml:AttributeValue>" + value
                + "</saml:AttributeValue></saml:Attribute></mdattr:EntityAttributes></md:Extensions>";
    }

    private static byte[] fromIdp1() {
        return TestSamlObjects.signedAssertion().bytes();
    }

    private static byte[] fromIdp2() {
        return TestSamlObjects.signedAssertion().issuer(TestSamlObjects.IDP2)
                .signAssertionWith(TestCredentials.idp2()).bytes();
    }

    /** verify with the MDQ service (http, allowed), its signing certificate, {@code options}, then the Responses. */
    private Cli.Result verify(List<String> options, byte[]... responses) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--idp-mdq", mdq.url(), "--allow-http",
                "--metadata-signing-cert", mdqPem, "--sp-entity-id", TestSamlObjects.SP, "--acs", TestSamlObjects.ACS,
                "--now", VerifyFixtures.NOW));
        args.addAll(options);
        for (byte[] response : responses) {
            args.add(write(dir, "response" + (++files) + ".xml", response).toString());
        }
        return Cli.run(args);
    }

    private static void assertOneLineError(Cli.Result r, int exitCode, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec verify: ").contains(fragments).doesNotContain("\tat ", "Caused by");
    }

    @Test
    void verifyWhenIdpAnsweredByMdqThenAcceptedAfterAskingForThatEntityOnly() throws Exception {
        Cli.Result r = verify(List.of(), fromIdp1());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"accepted\":true", "\"issuer\":\"" + TestSamlObjects.IDP + "\"",
                "\"nameId\":\"" + TestSamlObjects.NAME_ID + "\"");
        assertThat(mdq.paths()).containsExactly(DemoMdq.path(TestSamlObjects.IDP));
    }

    @Test
    void verifyWhenIssuerUnknownToMdqThenInvalidIssuerAndExitOne() throws Exception {
        byte[] unknown = TestSamlObjects.signedAssertion().issuer(UNKNOWN).bytes();
        Cli.Result r = verify(List.of(), unknown);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"accepted\":false", "\"error\":\"invalid_issuer\"")
                .doesNotContain("\"accepted\":true");
        assertThat(mdq.paths()).containsExactly(DemoMdq.path(UNKNOWN));
    }

    @Test
    void verifyWhenMdqAnswerSignedByAnotherKeyThenMetadataErrorAndNothingAccepted() throws Exception {
        mdq.serve(TestSamlObjects.IDP2, entity(TestSamlObjects.IDP2, TestCredentials.idp2().certificate(), "",
                OTHER));
        Cli.Result r = verify(List.of(), fromIdp2());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"accepted\":false", "\"error\":\"metadata_unavailable\"")
                .doesNotContain("\"accepted\":true");
        assertThat(mdq.requests(TestSamlObjects.IDP2)).isEqualTo(1);
    }

    @Test
    void verifyWhenIdpEntityIdThenOtherIdpRefusedWithoutAskingForIt() throws Exception {
        Cli.Result r = verify(List.of("--idp-entity-id", TestSamlObjects.IDP), fromIdp1(), fromIdp2());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).contains("\"accepted\":true", "\"issuer\":\"" + TestSamlObjects.IDP + "\"");
        assertThat(r.lines().get(1)).contains("\"accepted\":false", "\"error\":\"invalid_issuer\"");
        assertThat(mdq.requests(TestSamlObjects.IDP2)).isZero();
        assertThat(mdq.paths()).containsExactly(DemoMdq.path(TestSamlObjects.IDP));
    }

    @Test
    void verifyWhenEntityAttributeFilterThenIdpWithoutItRefusedAndIdpWithItAccepted() throws Exception {
        Cli.Result r = verify(List.of("--federation-entity-attribute", RS), fromIdp1(), fromIdp2());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).contains("\"accepted\":false", "\"error\":\"invalid_issuer\"");
        assertThat(r.lines().get(1)).contains("\"accepted\":true", "\"issuer\":\"" + TestSamlObjects.IDP2 + "\"");
    }

    @Test
    void verifyWhenMetadataMaxBytesBelowTheAnswerThenRefused() throws Exception {
        Cli.Result r = verify(List.of("--metadata-max-bytes", "200"), fromIdp1());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"accepted\":false", "\"error\":\"metadata_unavailable\"")
                .contains("200 bytes");
        assertThat(verify(List.of("--metadata-max-bytes", "100000"), fromIdp1()).out()).contains("\"accepted\":true");
    }

    @Test
    void verifyWhenHttpsMdqThenTlsCheckedWithTrust() throws Exception {
        DemoTls tls = DemoTls.generate();
        mdq.close();
        mdq = DemoMdq.https(tls);
        mdq.serve(TestSamlObjects.IDP, entity(TestSamlObjects.IDP, TestCredentials.idp().certificate(), "",
                MDQ_SIGNER));
        String caPem = MetadataTrustVerifyTest.pem(dir, "ca.pem", tls.caCertificate());
        Cli.Result trusted = verify(List.of("--trust", caPem), fromIdp1());
        assertThat(trusted.exitCode()).as(trusted.err()).isZero();
        assertThat(trusted.out()).contains("\"accepted\":true");
        // without --trust the JVM's CAs apply, and they do not know the demo CA
        Cli.Result untrusted = verify(List.of(), fromIdp1());
        assertThat(untrusted.exitCode()).isEqualTo(1);
        assertThat(untrusted.out()).contains("\"accepted\":false", "\"error\":\"metadata_unavailable\"");
        assertThat(mdq.requests(TestSamlObjects.IDP)).isEqualTo(1);
    }

    @Test
    void verifyWhenIdpMdqWithoutSigningCertThenUsageErrorNamingBoth() throws Exception {
        Cli.Result r = Cli.run("verify", "--idp-mdq", mdq.url(), "--allow-http", "--sp-entity-id",
                TestSamlObjects.SP, "--acs", TestSamlObjects.ACS, write(dir, "r.xml", fromIdp1()).toString());
        assertOneLineError(r, 2, "--idp-mdq", "--metadata-signing-cert");
        assertThat(mdq.paths()).isEmpty();
    }

    @Test
    void verifyWhenIdpMdqWithIdpMetadataThenUsageErrorNamingBoth() throws Exception {
        Cli.Result r = verify(List.of("--idp-metadata", VerifyFixtures.idpMetadata(dir).toString()), fromIdp1());
        assertOneLineError(r, 2, "--idp-mdq", "--idp-metadata");
        assertThat(mdq.paths()).isEmpty();
    }

    @Test
    void verifyWhenHttpMdqWithoutAllowHttpThenInvalidConfigurationAndNeverAsked() throws Exception {
        Cli.Result r = Cli.run("verify", "--idp-mdq", mdq.url(), "--metadata-signing-cert", mdqPem,
                "--sp-entity-id", TestSamlObjects.SP, "--acs", TestSamlObjects.ACS,
                write(dir, "r.xml", fromIdp1()).toString());
        assertOneLineError(r, 1, "samlec verify: invalid_configuration: option --idp-mdq: ", "--allow-http",
                mdq.url());
        assertThat(mdq.paths()).isEmpty();
    }

    @Test
    void verifyWhenOtherTrustOptionProblemsThenOneLineErrors() throws Exception {
        assertOneLineError(verify(List.of("--idp-entity-id", TestSamlObjects.IDP, "--federation-entity-attribute",
                RS), fromIdp1()), 2, "--idp-entity-id", "--federation-*");
        assertOneLineError(Cli.run("verify", "--sp-entity-id", TestSamlObjects.SP, "--acs", TestSamlObjects.ACS,
                write(dir, "r.xml", fromIdp1()).toString()), 2, "--idp-metadata", "--idp-mdq");
        assertOneLineError(Cli.run("verify", "--idp-mdq", "mdq.example.org", "--metadata-signing-cert", mdqPem,
                "--sp-entity-id", TestSamlObjects.SP, "--acs", TestSamlObjects.ACS,
                write(dir, "r2.xml", fromIdp1()).toString()), 1, "metadata_invalid: option --idp-mdq: ");
        assertThat(mdq.paths()).isEmpty();
    }
}
