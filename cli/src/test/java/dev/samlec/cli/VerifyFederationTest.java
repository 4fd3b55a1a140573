package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.SigningKey;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.GeneratedKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec verify --idp-metadata AGGREGATE --metadata-signing-cert PEM} without {@code --idp-entity-id}: every
 * IdP of a generated signed aggregate passing the --federation-* filters is trusted, each Response only with the keys
 * of the IdP its Issuer names, and the accepted line names that IdP.
 */
class VerifyFederationTest {
    private static final SigningKey FEDERATION = GeneratedKeys.rsa("cli test federation");
    private static final String RS = FederationMetadataBuilder.ENTITY_CATEGORY + "="
            + FederationMetadataBuilder.REFEDS_RS;

    @TempDir
    Path dir;
    private Path aggregate;
    private String federationPem;

    @BeforeEach
    void files() throws Exception {
        aggregate = write(dir, "federation.xml", FederationMetadataBuilder.aggregate("urn:test")
                .add(FederationMetadataBuilder.idp(TestSamlObjects.IDP)
                        .signingCertificate(TestCredentials.idp().certificate())
                        .registrationAuthority("https://a.example/"))
                .add(FederationMetadataBuilder.idp(TestSamlObjects.IDP2)
                        .signingCertificate(TestCredentials.idp2().certificate())
                        .displayName("en", "Second \"IdP\"").entityAttribute(FederationMetadataBuilder.ENTITY_CATEGORY,
                                FederationMetadataBuilder.REFEDS_RS))
                .validUntil(TestSamlObjects.NOW.plus(java.time.Duration.ofDays(7))).signedWith(FEDERATION).toBytes());
        federationPem = MetadataTrustVerifyTest.pem(dir, "federation.pem", FEDERATION.certificate());
    }

    private Cli.Result verify(byte[] response, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("verify", "--idp-metadata", aggregate.toString(),
                "--metadata-signing-cert", federationPem, "--sp-entity-id", TestSamlObjects.SP, "--acs",
                TestSamlObjects.ACS, "--now", VerifyFixtures.NOW));
        args.addAll(List.of(more));
        args.add(write(dir, "response.xml", response).toString());
        return Cli.run(args);
    }

    private static byte[] fromIdp2(SigningKey key) {
        return TestSamlObjects.signedAssertion().issuer(TestSamlObjects.IDP2).signAssertionWith(key).bytes();
    }

    @Test
    void verifyWhenResponseFromIdp2ThenAcceptedAndIdp2Reported() throws Exception {
        Cli.Result r = verify(fromIdp2(TestCredentials.idp2()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"accepted\":true").contains("\"issuer\":\"" + TestSamlObjects.IDP2 + "\"")
                .contains("\"idpName\":\"Second \\\"IdP\\\"\"");
        assertThat(verify(TestSamlObjects.signedAssertion().bytes()).out())
                .contains("\"issuer\":\"" + TestSamlObjects.IDP + "\"").doesNotContain("idpName");
    }

    @Test
    void verifyWhenIdp2ResponseSignedWithIdp1KeyThenInvalidSignature() throws Exception {
        Cli.Result r = verify(fromIdp2(TestCredentials.idp()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"accepted\":false").contains("\"error\":\"invalid_signature\"");
    }

    @Test
    void verifyWhenIdpFilteredOutThenInvalidIssuer() throws Exception {
        assertThat(verify(TestSamlObjects.signedAssertion().bytes(), "--federation-entity-attribute", RS).out())
                .contains("\"error\":\"invalid_issuer\"");
        assertThat(verify(fromIdp2(TestCredentials.idp2()), "--federation-registration-authority",
                "https://a.example/").out()).contains("\"error\":\"invalid_issuer\"");
        assertThat(verify(fromIdp2(TestCredentials.idp2()), "--federation-entity-id", TestSamlObjects.IDP2).out())
                .contains("\"accepted\":true");
    }

    @Test
    void verifyWhenAggregateSignedByAnotherKeyThenMetadataSignatureInvalid() throws Exception {
        federationPem = MetadataTrustVerifyTest.pem(dir, "other.pem", GeneratedKeys.rsa("other").certificate());
        Cli.Result r = verify(fromIdp2(TestCredentials.idp2()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec verify: metadata_signature_invalid: ");
    }

    @Test
    void verifyWhenFilterWithIdpEntityIdOrBadValuesThenUsageError() throws Exception {
        assertThat(verify(fromIdp2(TestCredentials.idp2()), "--idp-entity-id", TestSamlObjects.IDP2,
                "--federation-entity-attribute", RS).exitCode()).isEqualTo(2);
        assertThat(verify(fromIdp2(TestCredentials.idp2()), "--federation-entity-attribute", "no-equals")
                .exitCode()).isEqualTo(2);
        assertThat(verify(fromIdp2(TestCredentials.idp2()), "--scoped-attributes", "keep").exitCode()).isEqualTo(2);
        Cli.Result small = verify(fromIdp2(TestCredentials.idp2()), "--metadata-max-bytes", "100");
        assertThat(small.exitCode()).isEqualTo(1);
        assertThat(small.err()).contains("metadata_invalid").contains("limit of 100 bytes");
    }
}
