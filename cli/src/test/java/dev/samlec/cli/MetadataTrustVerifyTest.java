package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.Pem;
import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.MetadataSigning;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.testkit.DemoTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's metadata trust rules ({@link IdpMetadataSource}), through {@code samlec verify} against real loopback
 * HTTP and HTTPS servers: plain http only with --allow-http, https only with a trust choice, signatures checked
 * with --metadata-signing-cert (entity and aggregate), expired metadata refused, files read as they are.
 */
@Timeout(60)
class MetadataTrustVerifyTest {
    /** Signs the federation's metadata in these tests. */
    static final SigningKey FEDERATION = TestCredentials.idp2();
    private static DemoTls tls;

    @TempDir
    Path dir;
    private Path response;
    private byte[] metadata;

    @BeforeAll
    static void tls() {
        tls = DemoTls.generate();
    }

    @BeforeEach
    void files() throws Exception {
        response = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
        metadata = VerifyFixtures.idpMetadataXml("").getBytes(StandardCharsets.UTF_8);
    }

    private Cli.Result verify(String idpMetadata, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--idp-metadata", idpMetadata, "--sp-entity-id",
                TestSamlObjects.SP, "--acs", TestSamlObjects.ACS, "--now", VerifyFixtures.NOW));
        args.addAll(List.of(more));
        args.add(response.toString());
        return Cli.run(args);
    }

    private static void assertAccepted(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"accepted\":true");
    }

    private static void assertRefused(Cli.Result r, String code, String... fragments) {
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec verify: " + code + ": ").contains(fragments);
        assertThat(r.out()).isEmpty();
    }

    /** Writes a PEM file with these certificates. */
    static String pem(Path dir, String name, java.security.cert.X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (var certificate : certificates) {
            text.append(Pem.encode(certificate));
        }
        return write(dir, name, text.toString()).toString();
    }

    /** Signed by {@code key}, valid for a week from now (a root without validUntil gets one). */
    static byte[] signed(byte[] xml, SigningKey key) throws Exception {
        return MetadataSigning.signRsaSha256(xml, key.privateKey(), key.certificate());
    }

    /** Signed by {@code key}, valid for a week from {@code verify --now} ({@link VerifyFixtures#NOW}). */
    static byte[] signedAtVerifyTime(byte[] xml, SigningKey key) throws Exception {
        return MetadataSigning.signValidUntil(xml, key.privateKey(), key.certificate(),
                TestSamlObjects.NOW.plus(java.time.Duration.ofDays(7)));
    }

    @Test
    void verifyWhenHttpMetadataWithoutAllowHttpThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata)) {
            assertRefused(verify(server.url()), "invalid_configuration", "--allow-http", server.url());
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void verifyWhenHttpMetadataWithAllowHttpThenAccepted() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata)) {
            assertAccepted(verify(server.url(), "--allow-http"));
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void verifyWhenSignedHttpMetadataWithoutAllowHttpThenStillRefused() throws Exception {
        try (MetadataServer server = MetadataServer.http(signedAtVerifyTime(metadata, FEDERATION))) {
            assertRefused(verify(server.url(), "--metadata-signing-cert", pem(dir, "fed.pem",
                    FEDERATION.certificate())), "invalid_configuration", "--allow-http");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void verifyWhenHttpsMetadataWithoutTrustChoiceThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.https(tls, metadata)) {
            assertRefused(verify(server.url()), "invalid_configuration", "--trust", "--system-trust",
                    "--metadata-signing-cert");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void verifyWhenHttpsMetadataWithTrustedCaThenFetchedOverPinnedTlsAndAccepted() throws Exception {
        try (MetadataServer server = MetadataServer.https(tls, metadata)) {
            assertAccepted(verify(server.url(), "--trust", pem(dir, "ca.pem", tls.caCertificate())));
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void verifyWhenHttpsMetadataAndTrustIsAnotherCaThenTlsRefused() throws Exception {
        try (MetadataServer server = MetadataServer.https(tls, metadata)) {
            assertRefused(verify(server.url(), "--trust", pem(dir, "other.pem",
                    DemoTls.generate().caCertificate())), "metadata_invalid", "TLS");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void verifyWhenHttpsMetadataWithSystemTrustThenJvmBundleDecides() throws Exception {
        try (MetadataServer server = MetadataServer.https(tls, metadata)) {
            // the demo CA is in no JVM bundle: the fetch is attempted, and TLS refuses it
            assertRefused(verify(server.url(), "--system-trust"), "metadata_invalid", "TLS");
        }
    }

    @Test
    void verifyWhenHttpsMetadataWithSigningCertOnlyThenFetchAttemptedWithJvmBundle() throws Exception {
        try (MetadataServer server = MetadataServer.https(tls, signedAtVerifyTime(metadata, FEDERATION))) {
            assertRefused(verify(server.url(), "--metadata-signing-cert", pem(dir, "fed.pem",
                    FEDERATION.certificate())), "metadata_invalid", "TLS");
        }
    }

    @Test
    void verifyWhenTrustAndSystemTrustBothGivenThenUsageError() throws Exception {
        Cli.Result r = verify("https://127.0.0.1:1/md", "--system-trust", "--trust",
                pem(dir, "ca.pem", tls.caCertificate()));
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--trust and --system-trust exclude each other");
    }

    @Test
    void verifyWhenEntitySignedByFederationThenAccepted() throws Exception {
        Path file = write(dir, "signed.xml", signedAtVerifyTime(metadata, FEDERATION));
        assertAccepted(verify(file.toString(), "--metadata-signing-cert", pem(dir, "fed.pem",
                FEDERATION.certificate())));
    }

    @Test
    void verifyWhenAggregateSignedByFederationThenIdpInsideAccepted() throws Exception {
        String aggregate = "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">"
                + VerifyFixtures.idpMetadataXml("") + "</md:EntitiesDescriptor>";
        Path file = write(dir, "aggregate.xml", signedAtVerifyTime(aggregate.getBytes(StandardCharsets.UTF_8),
                FEDERATION));
        assertAccepted(verify(file.toString(), "--idp-entity-id", TestSamlObjects.IDP, "--metadata-signing-cert",
                pem(dir, "fed.pem", TestCredentials.attacker().certificate(), FEDERATION.certificate())));
    }

    @Test
    void verifyWhenSigningCertGivenAndMetadataUnsignedThenSignatureInvalid() throws Exception {
        Path file = write(dir, "unsigned.xml", metadata);
        assertRefused(verify(file.toString(), "--metadata-signing-cert", pem(dir, "fed.pem",
                FEDERATION.certificate())), "metadata_signature_invalid", "not signed");
    }

    @Test
    void verifyWhenMetadataSignedByAnotherKeyThenSignatureInvalid() throws Exception {
        Path file = write(dir, "signed.xml", signedAtVerifyTime(metadata, TestCredentials.attacker()));
        assertRefused(verify(file.toString(), "--metadata-signing-cert", pem(dir, "fed.pem",
                FEDERATION.certificate())), "metadata_signature_invalid", "does not verify");
    }

    @Test
    void verifyWhenIdpKeySwappedAfterSigningThenSignatureInvalid() throws Exception {
        String genuine = Base64.getEncoder().encodeToString(TestCredentials.idp().certificate().getEncoded());
        String forged = Base64.getEncoder().encodeToString(TestCredentials.attacker().certificate().getEncoded());
        String swapped = new String(signedAtVerifyTime(metadata, FEDERATION), StandardCharsets.UTF_8)
                .replace(genuine, forged);
        assertThat(swapped).contains(forged);
        Path file = write(dir, "swapped.xml", swapped);
        assertRefused(verify(file.toString(), "--metadata-signing-cert", pem(dir, "fed.pem",
                FEDERATION.certificate())), "metadata_signature_invalid", "does not verify");
    }

    @Test
    void verifyWhenMetadataExpiredAtNowThenMetadataInvalid() throws Exception {
        Path file = write(dir, "expired.xml", VerifyFixtures.idpMetadataXml(" validUntil=\""
                + TestSamlObjects.NOW.minusSeconds(1) + "\""));
        assertRefused(verify(file.toString()), "metadata_invalid", "expired");
    }

    @Test
    void verifyWhenMetadataStillValidAtNowThenAccepted() throws Exception {
        Path file = write(dir, "valid.xml", VerifyFixtures.idpMetadataXml(" validUntil=\""
                + TestSamlObjects.NOW.plusSeconds(60) + "\""));
        assertAccepted(verify(file.toString()));
    }

    @Test
    void verifyWhenMetadataIsFileUriThenReadWithoutOptIn() throws Exception {
        Path file = write(dir, "idp.xml", metadata);
        assertAccepted(verify(file.toUri().toString()));
    }

    @Test
    void verifyWhenMetadataHasAnotherSchemeThenUsageError() {
        Cli.Result r = verify("ftp://127.0.0.1/md");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("option --idp-metadata: must be a file, a file: URI or an http(s) URL");
    }

    @Test
    void verifyWhenHelpThenTrustRulesDocumented() {
        Cli.Result r = Cli.run("verify", "--help");
        assertThat(r.out().replaceAll("\\s+", " ")).contains("--metadata-signing-cert=PEM", "--allow-http",
                "--system-trust", "A file (or file: URI) is read as it is: it is yours",
                "An http URL needs --allow-http; an https URL needs --trust, --system-trust or"
                        + " --metadata-signing-cert", "Expired metadata (validUntil passed) is refused");
    }
}
