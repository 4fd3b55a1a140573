package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.metadata.MetadataSigning;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoMdq;
import dev.samlec.testkit.DemoTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec saml20ec --idp-mdq URL --idp-entity-id ID}: the IdP's metadata looked up at a running MDQ service,
 * trusted by the federation's signature, used by both sides of an exchange through the real demo IdP.
 */
@Timeout(120)
class Saml20ecMdqTest {
    private static final String SERVICE = "ldap@ldap.test";
    private static final String ENTITY = "https://ldap.test/samlec";
    private static DemoIdp idp;
    private static DemoMdq mdq;
    /** Answers for the demo IdP's entityID with its endpoints but the attacker's signing certificate. */
    private static DemoMdq decoyMdq;
    private static Path federationCert;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.builder().start();
        idp.registerServiceProvider(ENTITY, List.of(SERVICE));
        federationCert = Path.of(MetadataTrustVerifyTest.pem(dir, "federation.pem",
                MetadataTrustVerifyTest.FEDERATION.certificate()));
        mdq = DemoMdq.http();
        mdq.serve(idp.entityId(), MetadataTrustVerifyTest.signed(idp.metadata(), MetadataTrustVerifyTest.FEDERATION));
        decoyMdq = DemoMdq.http();
        decoyMdq.serve(idp.entityId(), MetadataTrustVerifyTest.signed(decoyMetadata(),
                MetadataTrustVerifyTest.FEDERATION));
    }

    @AfterAll
    static void stop() {
        decoyMdq.close();
        mdq.close();
        idp.close();
    }

    /** The demo IdP's metadata naming the attacker's certificate as its signing key. */
    private static byte[] decoyMetadata() throws Exception {
        Base64.Encoder base64 = Base64.getEncoder();
        String real = base64.encodeToString(idp.signingCertificate().getEncoded());
        String other = base64.encodeToString(TestCredentials.attacker().certificate().getEncoded());
        String xml = new String(idp.metadata(), StandardCharsets.UTF_8);
        Matcher certificate = Pattern.compile(
                "(<(?:\\w+:)?X509Certificate>)([^<]*)(</(?:\\w+:)?X509Certificate>)").matcher(xml);
        StringBuilder decoyText = new StringBuilder();
        while (certificate.find()) {
            String value = certificate.group(2).replaceAll("\\s", "");
            certificate.appendReplacement(decoyText, Matcher.quoteReplacement(certificate.group(1)
                    + (value.equals(real) ? other : value) + certificate.group(3)));
        }
        certificate.appendTail(decoyText);
        String decoy = decoyText.toString();
        assertThat(decoy).contains(other).doesNotContain(real);
        return decoy.getBytes(StandardCharsets.UTF_8);
    }

    private static Cli.Result saml20ec(String stdin, String... extra) {
        return saml20ecAt(mdq, stdin, extra);
    }

    private static Cli.Result saml20ecAt(DemoMdq service, String stdin, String... extra) {
        List<String> args = new ArrayList<>(List.of("saml20ec", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-mdq", service.url(), "--service-name", SERVICE, "--sp-entity-id", ENTITY));
        args.addAll(List.of(extra));
        return Cli.runWithStdin(stdin, args.toArray(String[]::new));
    }

    @Test
    void saml20ecWhenIdpFromMdqThenLooksItUpOnceAndServerAccepts() {
        int lookups = mdq.paths().size();

        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", idp.entityId(), "--metadata-signing-cert",
                federationCert.toString(), "-v");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("authorizationId=alice", "issuer=" + idp.entityId());
        // where the password goes is said before it goes there, as curl says it
        assertThat(r.errLines().get(0)).startsWith("samlec saml20ec: ").contains(idp.entityId())
                .contains("ECP endpoint " + idp.ssoUrl());
        assertThat(r.err()).contains("* server: login accepted");
        assertThat(mdq.paths().subList(lookups, mdq.paths().size()))
                .containsExactly(DemoMdq.path(idp.entityId()));
    }

    @Test
    void saml20ecWhenMdqAnswerSignedWithoutValidUntilThenRefusedBeforeTheIdpUnlessMaxValidityNone()
            throws Exception {
        try (DemoMdq lifelong = DemoMdq.http()) {
            lifelong.serve(idp.entityId(), MetadataSigning.signWithoutValidUntil(idp.metadata(),
                    MetadataTrustVerifyTest.FEDERATION.privateKey(), MetadataTrustVerifyTest.FEDERATION.certificate()));
            long asked = idp.requestCount();

            Cli.Result refused = saml20ecAt(lifelong, "alicepw\n", "--idp-entity-id", idp.entityId(),
                    "--metadata-signing-cert", federationCert.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).startsWith("samlec saml20ec: metadata_invalid: ")
                    .contains("signed metadata without validUntil");
            assertThat(idp.requestCount()).isEqualTo(asked);

            Cli.Result accepted = saml20ecAt(lifelong, "alicepw\n", "--idp-entity-id", idp.entityId(),
                    "--metadata-signing-cert", federationCert.toString(), "--metadata-max-validity", "none");
            assertThat(accepted.exitCode()).as(accepted.err()).isZero();
            assertThat(accepted.lines()).contains("authorizationId=alice");
        }
    }

    @Test
    void saml20ecWhenSignedMetadataFileValidLongerThanMetadataMaxValidityThenRefusedBeforeTheIdp()
            throws Exception {
        Path file = java.nio.file.Files.write(dir.resolve("signed-week.xml"),
                MetadataTrustVerifyTest.signed(idp.metadata(), MetadataTrustVerifyTest.FEDERATION));
        long asked = idp.requestCount();

        Cli.Result r = Cli.runWithStdin("alicepw\n", "saml20ec", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-metadata", file.toString(), "--metadata-signing-cert", federationCert.toString(),
                "--metadata-max-validity", "P1D", "--service-name", SERVICE, "--sp-entity-id", ENTITY);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: metadata_invalid: ")
                .contains("longest validity allowed, 1 day");
        assertThat(idp.requestCount()).isEqualTo(asked);
    }

    @Test
    void saml20ecWhenMdqNamesAnotherSigningKeyThenServerRefusesTheIdpsResponse() {
        // the decoy sends the client to the real IdP, whose Response is signed with a key the MDQ answer does not
        // name: the server checks with the MDQ answer's keys
        Cli.Result r = saml20ecAt(decoyMdq, "alicepw\n", "--idp-entity-id", idp.entityId(),
                "--metadata-signing-cert", federationCert.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines().get(r.errLines().size() - 1)).startsWith("samlec saml20ec: invalid_signature: ");
        assertThat(r.err()).doesNotContain("alicepw");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void saml20ecWhenMdqAnswerSignedByAnotherKeyThenRefusedBeforeAnyPassword() throws Exception {
        long before = idp.requestCount();

        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", idp.entityId(), "--metadata-signing-cert",
                MetadataTrustVerifyTest.pem(dir, "attacker.pem", TestCredentials.attacker().certificate()));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: metadata_signature_invalid: ");
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void saml20ecWhenMdqDoesNotKnowTheIdpThenIdpNotFound() {
        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", "https://idp.unknown.example.org/idp",
                "--metadata-signing-cert", federationCert.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: idp_not_found: ").contains("HTTP 404");
    }

    @Test
    void saml20ecWhenHttpMdqWithoutAllowHttpThenRefusedAndNeverAsked() {
        int lookups = mdq.paths().size();

        Cli.Result r = Cli.runWithStdin("alicepw\n", "saml20ec", "--password-stdin", "-u", "alice", "--idp-mdq",
                mdq.url(), "--idp-entity-id", idp.entityId(), "--metadata-signing-cert", federationCert.toString(),
                "--service-name", SERVICE, "--sp-entity-id", ENTITY);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: invalid_configuration: ").contains("--allow-http");
        assertThat(mdq.paths()).hasSize(lookups);
    }

    @Test
    void saml20ecWhenHttpsMdqThenItsTlsIsCheckedWithTrust() throws Exception {
        DemoTls tls = DemoTls.generate();
        try (DemoMdq https = DemoMdq.https(tls)) {
            https.serve(idp.entityId(), MetadataTrustVerifyTest.signed(idp.metadata(),
                    MetadataTrustVerifyTest.FEDERATION));
            String caPem = MetadataTrustVerifyTest.pem(dir, "mdq-ca.pem", tls.caCertificate());

            Cli.Result trusted = saml20ecAt(https, "alicepw\n", "--idp-entity-id", idp.entityId(),
                    "--metadata-signing-cert", federationCert.toString(), "--trust", caPem);
            long before = idp.requestCount();
            // without --trust the JVM's CAs apply, and they do not know the demo CA
            Cli.Result untrusted = saml20ecAt(https, "alicepw\n", "--idp-entity-id", idp.entityId(),
                    "--metadata-signing-cert", federationCert.toString());

            assertThat(trusted.exitCode()).as(trusted.err()).isZero();
            assertThat(untrusted.exitCode()).isEqualTo(1);
            assertThat(untrusted.err()).startsWith("samlec saml20ec: metadata_invalid: ").contains("TLS");
            assertThat(idp.requestCount()).isEqualTo(before);
        }
    }

    @Test
    void saml20ecWhenMdqNeverAnswersThenRefusedWithinMaxTime() throws Exception {
        try (DripServer silent = DripServer.plain(DripServer.Mode.SILENT)) {
            Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(1 + 5), () -> Cli.runWithStdin("alicepw\n",
                    "saml20ec", "--allow-http", "--password-stdin", "-u", "alice", "-m", "1", "--idp-mdq",
                    silent.uri("http", "/mdq").toString(), "--idp-entity-id", idp.entityId(),
                    "--metadata-signing-cert", federationCert.toString(), "--service-name", SERVICE,
                    "--sp-entity-id", ENTITY));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).hasSize(1);
            assertThat(r.err()).startsWith("samlec saml20ec: ");
        }
    }

    @Test
    void saml20ecWhenIdpMdqAndIdpUrlThenUsageError() {
        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", idp.entityId(), "--metadata-signing-cert",
                federationCert.toString(), "--idp", "http://127.0.0.1:9/ecp");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp-mdq excludes --idp");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void saml20ecWhenIdpMdqIsNotAnHttpUrlThenUsageErrorNamingTheOption() {
        for (String value : List.of("mdq.example.org", "ftp://mdq.example.org/", "https:///entities")) {
            Cli.Result r = Cli.runWithStdin("alicepw\n", "saml20ec", "--password-stdin", "-u", "alice",
                    "--idp-mdq", value, "--idp-entity-id", idp.entityId(), "--metadata-signing-cert",
                    federationCert.toString(), "--service-name", SERVICE, "--sp-entity-id", ENTITY);

            assertThat(r.exitCode()).as(value).isEqualTo(2);
            assertThat(r.err()).as(value).contains("option --idp-mdq: not an absolute http(s) URL");
        }
    }

    @Test
    void saml20ecWhenIdpMdqHasUserInfoThenUsageErrorWithoutEchoingIt() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "saml20ec", "--password-stdin", "-u", "alice", "--idp-mdq",
                "https://reader:s3cret@mdq.example.org/", "--idp-entity-id", idp.entityId(),
                "--metadata-signing-cert", federationCert.toString(), "--service-name", SERVICE, "--sp-entity-id",
                ENTITY);

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("option --idp-mdq: a URL with a user name or password").doesNotContain("s3cret");
    }

    @Test
    void curlWhenIdpMdqIsNotAnHttpUrlThenUsageErrorNamingTheOption() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--password-stdin", "-u", "alice", "--idp-mdq",
                "ftp://mdq.example.org/", "--idp", idp.entityId(), "--metadata-signing-cert",
                federationCert.toString(), "http://127.0.0.1:9/secure/");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("option --idp-mdq: not an absolute http(s) URL");
    }

    @Test
    void saml20ecWhenIdpMdqWithoutSigningCertThenUsageError() {
        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", idp.entityId());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp-mdq needs --metadata-signing-cert");
    }

    @Test
    void saml20ecWhenIdpMdqWithoutEntityIdThenUsageError() {
        Cli.Result r = saml20ec("alicepw\n", "--metadata-signing-cert", federationCert.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp-mdq needs --idp-entity-id");
    }

    @Test
    void saml20ecWhenIdpMdqAndIdpMetadataThenUsageError() {
        Cli.Result r = saml20ec("alicepw\n", "--idp-entity-id", idp.entityId(), "--metadata-signing-cert",
                federationCert.toString(), "--idp-metadata", idp.metadataUrl().toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--idp-mdq and --idp-metadata exclude each other");
    }
}
