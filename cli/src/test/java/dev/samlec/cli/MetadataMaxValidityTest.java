package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.metadata.MetadataSigning;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.testkit.DemoMdq;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metadata-max-validity}: signed metadata must carry a validUntil at most that far ahead (14 days by
 * default), through {@code samlec verify} with a signed file and with a loopback MDQ service; the option's usage
 * rules are one-line errors.
 */
@Timeout(60)
class MetadataMaxValidityTest {
    private static final SigningKey FEDERATION = MetadataTrustVerifyTest.FEDERATION;
    private static final Instant NOW = TestSamlObjects.NOW;

    @TempDir
    Path dir;

    private static byte[] idpMetadata() {
        return VerifyFixtures.idpMetadataXml("").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] signedWithoutValidUntil(byte[] xml) throws Exception {
        return MetadataSigning.signWithoutValidUntil(xml, FEDERATION.privateKey(), FEDERATION.certificate());
    }

    private static byte[] signedValidUntil(byte[] xml, Instant validUntil) throws Exception {
        return MetadataSigning.signValidUntil(xml, FEDERATION.privateKey(), FEDERATION.certificate(), validUntil);
    }

    private Cli.Result verify(List<String> trust, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--sp-entity-id", TestSamlObjects.SP, "--acs",
                TestSamlObjects.ACS, "--now", VerifyFixtures.NOW));
        args.addAll(trust);
        args.addAll(List.of(more));
        args.add(write(dir, "response.xml", TestSamlObjects.signedBoth().bytes()).toString());
        return Cli.run(args);
    }

    private List<String> signedFile(byte[] document) throws Exception {
        return List.of("--idp-metadata", write(dir, "idp.xml", document).toString(), "--metadata-signing-cert",
                MetadataTrustVerifyTest.pem(dir, "federation.pem", FEDERATION.certificate()));
    }

    private static void assertAccepted(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"accepted\":true");
    }

    private static void assertOneLineError(Cli.Result r, int exitCode, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(exitCode);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec verify: ").contains(fragments).doesNotContain("\tat ");
    }

    @Test
    void verifyWhenSignedMetadataWithoutValidUntilThenMetadataInvalidUnlessNone() throws Exception {
        List<String> trust = signedFile(signedWithoutValidUntil(idpMetadata()));

        assertOneLineError(verify(trust), 1, "metadata_invalid", "signed metadata without validUntil",
                "--metadata-max-validity");
        assertAccepted(verify(trust, "--metadata-max-validity", "none"));
    }

    @Test
    void verifyWhenSignedMetadataValidForThirtyDaysThenRefusedUnlessTheLimitIsRaised() throws Exception {
        List<String> trust = signedFile(signedValidUntil(idpMetadata(), NOW.plus(Duration.ofDays(30))));

        assertOneLineError(verify(trust), 1, "metadata_invalid", "30 days after the current time",
                "allowed, 14 days");
        assertOneLineError(verify(trust, "--idp-entity-id", TestSamlObjects.IDP), 1, "metadata_invalid",
                "allowed, 14 days");
        assertAccepted(verify(trust, "--idp-entity-id", TestSamlObjects.IDP, "--metadata-max-validity", "P30D"));
        assertOneLineError(verify(trust, "--metadata-max-validity", "P29D"), 1, "allowed, 29 days");
        assertAccepted(verify(trust, "--metadata-max-validity", "P30D"));
    }

    @Test
    void verifyWhenSignedMetadataWithinFourteenDaysThenAcceptedByDefault() throws Exception {
        assertAccepted(verify(signedFile(signedValidUntil(idpMetadata(), NOW.plus(Duration.ofDays(13))))));
    }

    @Test
    void verifyWhenUnsignedFileWithoutValidUntilThenNotChecked() throws Exception {
        assertAccepted(verify(List.of("--idp-metadata", write(dir, "idp.xml", idpMetadata()).toString())));
    }

    @Test
    void verifyWhenMdqAnswerWithoutValidUntilThenMetadataInvalidUnlessNone() throws Exception {
        try (DemoMdq mdq = DemoMdq.http()) {
            mdq.serve(TestSamlObjects.IDP, signedWithoutValidUntil(VerifyMdqTest.entityXml(TestSamlObjects.IDP,
                    TestCredentials.idp().certificate(), "")));
            List<String> trust = List.of("--idp-mdq", mdq.url(), "--allow-http", "--metadata-signing-cert",
                    MetadataTrustVerifyTest.pem(dir, "mdq.pem", FEDERATION.certificate()));

            Cli.Result refused = verify(trust);
            assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
            assertThat(refused.out()).contains("\"accepted\":false").contains("without validUntil");

            assertAccepted(verify(trust, "--metadata-max-validity", "none"));
        }
    }

    @Test
    void verifyWhenMaxValidityNotADurationThenUsageErrorNamingTheOption() throws Exception {
        List<String> trust = signedFile(signedValidUntil(idpMetadata(), NOW.plus(Duration.ofDays(7))));

        assertOneLineError(verify(trust, "--metadata-max-validity", "14days"), 2, "--metadata-max-validity",
                "P14D", "'14days'");
        assertOneLineError(verify(trust, "--metadata-max-validity", "PT0S"), 2, "positive");
    }

    @Test
    void verifyWhenMaxValidityWithoutSigningCertThenUsageError() throws Exception {
        Cli.Result r = verify(List.of("--idp-metadata", write(dir, "idp.xml", idpMetadata()).toString()),
                "--metadata-max-validity", "P30D");

        assertOneLineError(r, 2, "--metadata-max-validity needs --metadata-signing-cert");
    }
}
