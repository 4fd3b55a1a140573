package dev.samlec.cli;

import static dev.samlec.cli.VerifyFixtures.args;
import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.SoapFault;
import dev.samlec.mech.testing.HostileXml;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.mech.testing.TestSamlObjects;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code samlec verify} accepting and rejecting Responses built by mech's test fixtures. */
class VerifyCommandTest {
    private static final Pattern ERROR = Pattern.compile("\"accepted\":false,\"error\":\"([a-z_]+)\",\"message\":");

    @TempDir
    Path dir;
    private Path metadata;

    @BeforeEach
    void setUp() throws Exception {
        metadata = VerifyFixtures.idpMetadata(dir);
    }

    static String errorCode(String line) {
        Matcher m = ERROR.matcher(line);
        return m.find() ? m.group(1) : "(no error in: " + line + ")";
    }

    private static String acceptedLine(Path file) {
        return "{\"file\":\"" + file + "\",\"accepted\":true,\"nameId\":\"alice\",\"issuer\":\""
                + TestSamlObjects.IDP + "\",\"attributes\":{\"mail\":[\"alice@example.org\"],"
                + "\"eduPersonAffiliation\":[\"member\",\"staff\"]}}";
    }

    @Test
    void verifyWhenSignedResponseThenOneAcceptedJsonLineAndExitZero() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).containsExactly(acceptedLine(file));
        assertThat(result.err()).isEmpty();
    }

    @Test
    void verifyWhenResponseInIdpSoapEnvelopeThenUnwrappedAndAccepted() throws Exception {
        byte[] envelope = VerifyFixtures.inIdpEnvelope(TestSamlObjects.signedResponse().bytes());
        Path file = write(dir, "idp-answer.xml", envelope);

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).containsExactly(acceptedLine(file));
    }

    @Test
    void verifyWhenAttributeHasNoFriendlyNameThenKeyedByName() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedAssertion()
                .assertion(a -> a.attribute("urn:oid:2.5.4.3", null, "Alice \"Al\" Example")).bytes());

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"urn:oid:2.5.4.3\":[\"Alice \\\"Al\\\" Example\"]");
    }

    @Test
    void verifyWhenNameIdEditedAfterSigningThenInvalidSignatureAndExitOne() throws Exception {
        Path file = write(dir, "tampered.xml",
                VerifyFixtures.tamperedNameId(TestSamlObjects.signedBoth().build()));

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).hasSize(1);
        assertThat(result.lines().get(0)).startsWith("{\"file\":\"" + file + "\",\"accepted\":false,");
        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_signature");
        assertThat(result.out()).doesNotContain("mallory\"");
    }

    @Test
    void verifyWhenSameFileTwiceThenSecondIsReplayedAssertion() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, file.toString(), file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(result.lines().get(0)).isEqualTo(acceptedLine(file));
        assertThat(errorCode(result.lines().get(1))).isEqualTo("replayed_assertion");
    }

    @Test
    void verifyWhenAcsDiffersThenInvalidDestination() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
        var args = args(metadata, file.toString());
        args.set(args.indexOf(TestSamlObjects.ACS), "https://sp.example.com/other");

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_destination");
    }

    @Test
    void verifyWhenNowAfterConditionsNotOnOrAfterThenAssertionExpired() throws Exception {
        // the bearer confirmation outlives the Conditions here, so the Conditions check is the one that fails
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth()
                .assertion(a -> a.confirmationNotOnOrAfter(TestSamlObjects.NOW.plusSeconds(7200))).bytes());
        var args = args(metadata, file.toString());
        args.set(args.indexOf(VerifyFixtures.NOW), TestSamlObjects.NOW.plusSeconds(3600).toString());

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("assertion_expired");
        assertThat(result.lines().get(0)).contains("the assertion expired at ", "(Conditions NotOnOrAfter), ",
                " minutes before now (" + TestSamlObjects.NOW.plusSeconds(3600) + ", clock skew ");
    }

    @Test
    void verifyWhenNowAfterConfirmationNotOnOrAfterThenInvalidSubjectConfirmation() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
        var args = args(metadata, file.toString());
        args.set(args.indexOf(VerifyFixtures.NOW), TestSamlObjects.NOW.plusSeconds(3600).toString());

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_subject_confirmation");
        assertThat(result.lines().get(0)).contains("NotOnOrAfter");
    }

    @Test
    void verifyWhenClockSkewCoversTheDelayThenAccepted() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
        var args = args(metadata, "--clock-skew", "600", file.toString());
        args.set(args.indexOf(VerifyFixtures.NOW), TestSamlObjects.NOW.plusSeconds(850).toString());

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).containsExactly(acceptedLine(file));
    }

    @Test
    void verifyWhenDoctypeThenDtdForbidden() throws Exception {
        String response = new String(TestSamlObjects.signedBoth().bytes(), StandardCharsets.UTF_8)
                .replaceFirst("^<\\?xml[^>]*\\?>", "");
        Path file = write(dir, "doctype.xml", "<!DOCTYPE r [<!ENTITY x \"y\">]>" + response);

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("dtd_forbidden");
    }

    @Test
    void verifyWhenFileIsNotXmlThenMalformedXmlAndNextFileStillChecked() throws Exception {
        Path junk = write(dir, "junk.xml", "this is not XML");
        Path good = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, junk.toString(), good.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("malformed_xml");
        assertThat(result.lines().get(1)).isEqualTo(acceptedLine(good));
    }

    @Test
    void verifyWhenFileNestedThousandsDeepThenXmlTooDeepNoStackTraceAndNextFileStillChecked() throws Exception {
        Path deep = write(dir, "deep.xml", HostileXml.nested(HostileXml.DEEP));
        Path good = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, deep.toString(), good.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("xml_too_deep");
        assertThat(result.lines().get(1)).isEqualTo(acceptedLine(good));
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void verifyWhenNameNotNamespaceWellFormedThenMalformedXmlAndNextFileStillChecked() throws Exception {
        Path bad = write(dir, "bad.xml", "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " :x=\"1\" Version=\"2.0\"/>");
        Path good = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, bad.toString(), good.toString()));

        assertThat(errorCode(result.lines().get(0))).isEqualTo("malformed_xml");
        assertThat(result.lines().get(1)).isEqualTo(acceptedLine(good));
        assertThat(result.err()).doesNotContain("\tat ");
    }

    @Test
    void verifyWhenRootIsNeitherResponseNorEnvelopeThenMalformedMessage() throws Exception {
        Path file = write(dir, "other.xml", "<a xmlns=\"urn:x\"/>");

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(errorCode(result.lines().get(0))).isEqualTo("malformed_message");
    }

    @Test
    void verifyWhenEnvelopeHoldsSoapFaultThenIdpSoapFault() throws Exception {
        byte[] envelope = IdpResponse.builder().assertionConsumerServiceUrl(TestSamlObjects.ACS)
                .fault(SoapFault.serverFault("no \"luck\"")).build().toBytes();
        Path file = write(dir, "fault.xml", envelope);

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("idp_soap_fault");
        assertThat(result.lines().get(0)).contains("no \\\"luck\\\"");
    }

    @Test
    void verifyWhenFileMissingThenInvalidConfigurationLineWithEscapedQuotes() throws Exception {
        Path missing = dir.resolve("no\"such.xml");

        Cli.Result result = Cli.run(args(metadata, missing.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        String escaped = missing.toString().replace("\"", "\\\"");
        assertThat(result.lines()).hasSize(1);
        assertThat(result.lines().get(0)).startsWith("{\"file\":\"" + escaped + "\",\"accepted\":false,"
                + "\"error\":\"invalid_configuration\",\"message\":\"file " + escaped + " cannot be read");
    }

    @Test
    void verifyWhenMessageContainsQuoteThenJsonEscaped() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());
        var args = args(metadata, file.toString());
        args.set(args.indexOf(TestSamlObjects.ACS), "https://sp.example.com/a\"b");

        Cli.Result result = Cli.run(args);

        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_destination");
        assertThat(result.lines().get(0)).contains("expected 'https://sp.example.com/a\\\"b'")
                .endsWith("'\"}");
    }

    @Test
    void verifyWhenInResponseToMatchesThenAcceptedAndSecondAnswerRefusedAsConsumed() throws Exception {
        Path first = write(dir, "first.xml", TestSamlObjects.signedBoth().bytes());
        Path second = write(dir, "second.xml", TestSamlObjects.signedBoth().responseId("_resp-other")
                .assertion(a -> a.id("_assert-other")).bytes());

        Cli.Result result = Cli.run(args(metadata, "--in-response-to", TestSamlObjects.REQUEST_ID,
                first.toString(), second.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines().get(0)).isEqualTo(acceptedLine(first));
        assertThat(errorCode(result.lines().get(1))).isEqualTo("invalid_in_response_to");
    }

    @Test
    void verifyWhenInResponseToDiffersThenInvalidInResponseTo() throws Exception {
        Path file = write(dir, "response.xml", TestSamlObjects.signedBoth().bytes());

        Cli.Result result = Cli.run(args(metadata, "--in-response-to", "_another-request", file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_in_response_to");
    }

    @Test
    void verifyWhenEncryptedAndSpKeyGivenThenDecryptedAndAccepted() throws Exception {
        Path file = write(dir, "encrypted.xml", TestSamlObjects.encrypted().bytes());
        Path key = write(dir, "sp.key", TestCredentials.read("sp-encryption.key"));
        Path cert = write(dir, "sp.crt", TestCredentials.read("sp-encryption.crt"));

        Cli.Result result = Cli.run(args(metadata, "--sp-key", key.toString(), "--sp-cert", cert.toString(),
                file.toString()));

        assertThat(result.exitCode()).isZero();
        assertThat(result.lines()).containsExactly(acceptedLine(file));
    }

    @Test
    void verifyWhenSpKeyFileAlsoHoldsCertificateThenNoSpCertNeeded() throws Exception {
        Path file = write(dir, "encrypted.xml", TestSamlObjects.encrypted().bytes());
        Path both = write(dir, "sp.pem", TestCredentials.read("sp-encryption.key")
                + TestCredentials.read("sp-encryption.crt"));

        Cli.Result result = Cli.run(args(metadata, "--sp-key", both.toString(), file.toString()));

        assertThat(result.exitCode()).isZero();
    }

    @Test
    void verifyWhenEncryptedAndNoSpKeyThenRejected() throws Exception {
        Path file = write(dir, "encrypted.xml", TestSamlObjects.encrypted().bytes());

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isIn("decryption_failed", "invalid_configuration");
    }

    @Test
    void verifyWhenSha1SignatureThenWeakAlgorithmUnlessAllowSha1() throws Exception {
        Path file = write(dir, "sha1.xml", TestSamlObjects.signedBoth()
                .signatureAlgorithm("http://www.w3.org/2000/09/xmldsig#rsa-sha1")
                .digestAlgorithm("http://www.w3.org/2000/09/xmldsig#sha1").bytes());

        Cli.Result strict = Cli.run(args(metadata, file.toString()));
        Cli.Result lenient = Cli.run(args(metadata, "--allow-sha1", file.toString()));

        assertThat(errorCode(strict.lines().get(0))).isEqualTo("weak_algorithm");
        assertThat(lenient.exitCode()).isZero();
        assertThat(lenient.lines()).containsExactly(acceptedLine(file));
    }

    @Test
    void verifyWhenSignedByUntrustedKeyThenInvalidSignature() throws Exception {
        Path file = write(dir, "attacker.xml", TestSamlObjects.unsigned()
                .signAssertionWith(TestCredentials.attacker()).bytes());

        Cli.Result result = Cli.run(args(metadata, file.toString()));

        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_signature");
    }
}
