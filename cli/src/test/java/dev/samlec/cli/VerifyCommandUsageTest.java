package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.args;
import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samlec verify}: usage errors exit 2, configuration errors exit 1, each as one line on stderr. */
class VerifyCommandUsageTest {
    @TempDir
    Path dir;
    private Path metadata;
    private Path response;

    @BeforeEach
    void setUp() throws Exception {
        metadata = VerifyFixtures.idpMetadata(dir);
        response = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
    }

    private static void assertOneLineError(Cli.Result result, int exitCode, String... fragments) {
        assertThat(result.exitCode()).isEqualTo(exitCode);
        assertThat(result.out()).isEmpty();
        // OpenSAML's parser pool logs its own ERROR line for a DOCTYPE (see simplelogger.properties); not ours
        List<String> lines = result.errLines().stream().filter(l -> !l.startsWith("ERROR BasicParserPool")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("samlec verify: ").contains(fragments);
        assertThat(result.err()).doesNotContain("\tat ", "Caused by");
    }

    @Test
    void verifyWhenAcsMissingThenUsageErrorExitTwo() {
        Cli.Result result = Cli.run("verify", "--idp-metadata", metadata.toString(), "--sp-entity-id",
                TestSamlObjects.SP, response.toString());

        assertOneLineError(result, 2, "--acs", "samlec verify --help");
    }

    @Test
    void verifyWhenNoFileThenUsageErrorExitTwo() {
        assertOneLineError(Cli.run(args(metadata)), 2, "FILE");
    }

    @Test
    void verifyWhenUnknownOptionThenUsageErrorExitTwo() {
        assertOneLineError(Cli.run(args(metadata, "--bogus", response.toString())), 2, "--bogus");
    }

    @Test
    void verifyWhenNowIsNotAnInstantThenUsageErrorExitTwo() {
        List<String> args = args(metadata, response.toString());
        args.set(args.indexOf(VerifyFixtures.NOW), "yesterday");

        assertOneLineError(Cli.run(args), 2, "option --now", "yesterday");
    }

    @Test
    void verifyWhenClockSkewOutOfRangeThenUsageErrorExitTwo() {
        assertOneLineError(Cli.run(args(metadata, "--clock-skew", "601", response.toString())), 2,
                "option --clock-skew", "601");
        assertOneLineError(Cli.run(args(metadata, "--clock-skew", "-1", response.toString())), 2,
                "option --clock-skew");
        assertOneLineError(Cli.run(args(metadata, "--clock-skew", "abc", response.toString())), 2, "abc");
    }

    @Test
    void verifyWhenSpCertWithoutSpKeyThenUsageErrorExitTwo() throws Exception {
        Path cert = write(dir, "sp.crt", TestCredentials.read("sp-encryption.crt"));

        assertOneLineError(Cli.run(args(metadata, "--sp-cert", cert.toString(), response.toString())), 2,
                "--sp-cert", "--sp-key");
    }

    @Test
    void verifyWhenSpKeyFileHasNoCertificateAndNoSpCertThenUsageErrorExitTwo() throws Exception {
        Path key = write(dir, "sp.key", TestCredentials.read("sp-encryption.key"));

        assertOneLineError(Cli.run(args(metadata, "--sp-key", key.toString(), response.toString())), 2,
                "--sp-cert");
    }

    @Test
    void verifyWhenSpKeyOfAnotherPairThanSpCertThenConfigurationErrorNamingSpKey() throws Exception {
        Path key = write(dir, "sp2.key", TestCredentials.read("sp-encryption2.key"));
        Path cert = write(dir, "sp1.crt", TestCredentials.read("sp-encryption.crt"));

        assertOneLineError(Cli.run(args(metadata, "--sp-key", key.toString(), "--sp-cert", cert.toString(),
                response.toString())), 1, "invalid_configuration", "option --sp-key: not the private key of the"
                + " certificate", "sp2.key");
    }

    @Test
    void verifyWhenSpKeyUnreadableThenConfigurationErrorExitOne() {
        Path missing = dir.resolve("missing.key");

        assertOneLineError(Cli.run(args(metadata, "--sp-key", missing.toString(), response.toString())), 1,
                "invalid_configuration", "missing.key");
    }

    @Test
    void verifyWhenMetadataMissingThenMetadataInvalidExitOneAndNoJson() {
        Cli.Result result = Cli.run(args(dir.resolve("nope.xml"), response.toString()));

        assertOneLineError(result, 1, "metadata_invalid", "nope.xml");
    }

    @Test
    void verifyWhenMetadataHasDoctypeThenMetadataInvalidExitOne() throws Exception {
        Path bad = write(dir, "bad.xml", "<!DOCTYPE x [<!ENTITY e \"e\">]><x/>");

        assertOneLineError(Cli.run(args(bad, response.toString())), 1, "metadata_invalid", "DOCTYPE");
    }

    @Test
    void verifyWhenIdpEntityIdNotInMetadataThenMetadataInvalidExitOne() {
        assertOneLineError(Cli.run(args(metadata, "--idp-entity-id", "https://other.example/idp",
                response.toString())), 1, "metadata_invalid");
    }

    @Test
    void verifyWhenIdpEntityIdMatchesThenAccepted() {
        Cli.Result result = Cli.run(args(metadata, "--idp-entity-id", TestSamlObjects.IDP, response.toString()));

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void verifyWhenHelpThenDocumentsOutputAndUnboundInResponseTo() {
        Cli.Result result = Cli.run("verify", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--in-response-to", "NOT bound", "FriendlyName", "replayed_assertion",
                "Exit codes");
    }
}
