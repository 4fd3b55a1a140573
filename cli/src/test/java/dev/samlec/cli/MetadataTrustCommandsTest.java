package dev.samlec.cli;

import static dev.samlec.cli.MetadataTrustVerifyTest.FEDERATION;
import static dev.samlec.cli.MetadataTrustVerifyTest.pem;
import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.testing.TestSamlObjects;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The metadata trust rules hold in {@code sp}, {@code curl} and {@code saml20ec} too (one {@link IdpMetadataSource}
 * for all of them), and {@code saml20ec} no longer trusts the JVM's CA bundle for the IdP without being asked.
 * Everything here fails before any IdP is contacted, so no IdP runs: the metadata servers are real loopback ones.
 */
@Timeout(60)
class MetadataTrustCommandsTest {
    @TempDir
    Path dir;

    private static byte[] metadata() {
        return VerifyFixtures.idpMetadataXml("").getBytes(StandardCharsets.UTF_8);
    }

    private static void assertRefused(Cli.Result r, String command, String code, String... fragments) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec " + command + ": " + code + ": ").contains(fragments);
    }

    @Test
    void spWhenHttpMetadataWithoutAllowHttpThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata())) {
            SpCommand command = new SpCommand();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.parseArgs("--idp-metadata", server.url());
            // start() returns the running service (call() would then block): close it if the rule let it start
            assertThatThrownBy(() -> command.start().close()).isInstanceOf(EcpConfigurationException.class)
                    .hasMessageContaining("--allow-http")
                    .satisfies(e -> assertThat(((EcpException) e).error()).isEqualTo(EcpError.INVALID_CONFIGURATION));
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void spWhenHttpMetadataWithAllowHttpThenStartsTrustingIt() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata())) {
            SpCommand command = new SpCommand();
            CommandLine cli = new CommandLine(command);
            StringWriter printed = new StringWriter();
            cli.setOut(new PrintWriter(printed));
            cli.parseArgs("--allow-http", "--idp-metadata", server.url());
            command.start().close();
            assertThat(printed.toString()).contains("trusted IdP:        " + TestSamlObjects.IDP);
            assertThat(server.requests()).isEqualTo(1);
        }
    }

    @Test
    void spWhenSigningCertGivenAndMetadataUnsignedThenRefused() throws Exception {
        Path file = write(dir, "idp.xml", metadata());
        SpCommand command = new SpCommand();
        new CommandLine(command).parseArgs("--idp-metadata", file.toString(), "--metadata-signing-cert",
                pem(dir, "fed.pem", FEDERATION.certificate()));
        assertThatThrownBy(() -> command.start().close()).isInstanceOf(EcpConfigurationException.class)
                .hasMessageContaining("not signed").satisfies(e -> assertThat(((EcpException) e).error())
                        .isEqualTo(EcpError.METADATA_SIGNATURE_INVALID));
    }

    @Test
    void curlWhenHttpMetadataWithoutAllowHttpThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata())) {
            assertRefused(Cli.runWithStdin("pw\n", "curl", "--password-stdin", "-u", "alice", "--idp-metadata",
                    server.url(), "https://127.0.0.1:1/resource"), "curl", "invalid_configuration",
                    "option --idp-metadata", "--allow-http");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void curlWhenHttpsMetadataWithoutTrustChoiceThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.https(dev.samlec.testkit.DemoTls.generate(), metadata())) {
            assertRefused(Cli.runWithStdin("pw\n", "curl", "--password-stdin", "-u", "alice", "--idp-metadata",
                    server.url(), "https://127.0.0.1:1/resource"), "curl", "invalid_configuration",
                    "an https metadata URL needs a trust choice");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void curlWhenSigningCertGivenAndMetadataUnsignedThenRefused() throws Exception {
        Path file = write(dir, "idp.xml", metadata());
        assertRefused(Cli.runWithStdin("pw\n", "curl", "--password-stdin", "-u", "alice", "--idp-metadata",
                file.toString(), "--metadata-signing-cert", pem(dir, "fed.pem", FEDERATION.certificate()),
                "https://127.0.0.1:1/resource"), "curl", "metadata_signature_invalid", "not signed");
    }

    @Test
    void curlWhenSigningCertWithoutMetadataThenUsageError() throws Exception {
        Cli.Result r = Cli.runWithStdin("pw\n", "curl", "--password-stdin", "-u", "alice", "--idp",
                "https://127.0.0.1:1/idp", "--metadata-signing-cert", pem(dir, "fed.pem", FEDERATION.certificate()),
                "https://127.0.0.1:1/resource");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--metadata-signing-cert needs --idp-metadata");
    }

    private static String[] saml20ec(String metadata, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("saml20ec", "--password-stdin",
                "-u", "alice", "--idp-metadata", metadata, "--service-name", "ldap@ldap.test", "--sp-entity-id",
                "https://ldap.test/samlec"));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void saml20ecWhenHttpMetadataWithoutAllowHttpThenRefusedAndNeverFetched() throws Exception {
        try (MetadataServer server = MetadataServer.http(metadata())) {
            assertRefused(Cli.runWithStdin("pw\n", saml20ec(server.url())), "saml20ec", "invalid_configuration",
                    "--allow-http");
            assertThat(server.requests()).isZero();
        }
    }

    @Test
    void saml20ecWhenSigningCertGivenAndMetadataUnsignedThenRefused() throws Exception {
        Path file = write(dir, "idp.xml", metadata());
        assertRefused(Cli.runWithStdin("pw\n", saml20ec(file.toString(), "--metadata-signing-cert",
                pem(dir, "fed.pem", FEDERATION.certificate()))), "saml20ec", "metadata_signature_invalid",
                "not signed");
    }

    @Test
    void saml20ecWhenHttpsIdpWithoutTrustChoiceThenRefusedBeforeSendingThePassword() throws Exception {
        // the metadata's SOAP endpoint is https://idp.example.org/...; before, the JVM's CA bundle was used silently
        Path file = write(dir, "idp.xml", metadata());
        assertRefused(Cli.runWithStdin("pw\n", saml20ec(file.toString())), "saml20ec", "invalid_configuration",
                "no TLS trust configured");
    }
}
