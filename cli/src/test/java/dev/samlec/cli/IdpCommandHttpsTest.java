package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.testkit.DemoIdp;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec idp --https} with SP signing certificates, tried with samlec's own {@code saml20ec}: a signed
 * request (--mutual, SAML20EC-PLUS) from an SP registered with its certificate succeeds over TLS with only the
 * printed CA trusted; from an SP registered without one it is refused.
 */
@Timeout(120)
class IdpCommandHttpsTest {
    private static final String SIGNED_SP = "https://ldap.test/signed";
    private static final String UNSIGNED_SP = "https://ldap.test/no-cert";
    private static final String SERVICE = "ldap@ldap.test";

    @TempDir
    static Path dir;
    private static DemoIdp idp;
    private static String printed;
    private static Path ca;
    private static Path key;
    private static Path cert;

    @BeforeAll
    static void start() throws Exception {
        key = Files.writeString(dir.resolve("sp.key"), TestCredentials.read("sp-signing.key"));
        cert = Files.writeString(dir.resolve("sp.crt"), TestCredentials.read("sp-signing.crt"));
        ca = dir.resolve("ca.pem");
        StringWriter out = new StringWriter();
        idp = IdpCommandTest.started(out, "--https", "--ca-out", ca.toString(),
                "--register-sp", SIGNED_SP + "=" + SERVICE + ",cert=" + cert,
                "--register-sp", UNSIGNED_SP + "=" + SERVICE);
        printed = out.toString();
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    private static Cli.Result saml20ec(String entityId, String... extra) {
        List<String> args = new ArrayList<>(List.of("saml20ec", "--password-stdin", "-u", "alice",
                "--idp-metadata", IdpCommandTest.printedValue(printed, "metadata"), "--trust", ca.toString(),
                "--service-name", SERVICE, "--sp-entity-id", entityId, "--sp-key", key.toString(),
                "--sp-cert", cert.toString()));
        args.addAll(List.of(extra));
        return Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));
    }

    @Test
    void idpWhenHttpsThenEndpointsAreHttpsAndTheCaIsWrittenAndPrinted() throws Exception {
        assertThat(IdpCommandTest.printedValue(printed, "ECP endpoint")).startsWith("https://127.0.0.1:");
        assertThat(IdpCommandTest.printedValue(printed, "metadata")).startsWith("https://127.0.0.1:");
        assertThat(IdpCommandTest.printedValue(printed, "TLS CA")).isEqualTo(ca.toString());
        assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(printed).contains("SP:           " + SIGNED_SP + " -> " + SERVICE + " (signed requests verified"
                + " with ");
    }

    @Test
    void saml20ecWhenMutualAndSpCertRegisteredThenAcceptedOverHttps() {
        Cli.Result r = saml20ec(SIGNED_SP, "--mutual");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("mechanism=SAML20EC", "nameId=alice");
    }

    @Test
    void saml20ecPlusWhenSpCertRegisteredThenAcceptedOverHttps() {
        Cli.Result r = saml20ec(SIGNED_SP, "--channel-binding");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("mechanism=SAML20EC-PLUS", "nameId=alice");
    }

    @Test
    void saml20ecWhenMutualAndNoSpCertRegisteredThenRefusedWithCode() {
        Cli.Result r = saml20ec(UNSIGNED_SP, "--mutual");
        assertThat(r.exitCode()).isEqualTo(1);
        // the in-process IdP logs its own WARN line on the same stderr; the command's is the last one
        List<String> lines = r.errLines();
        assertThat(lines.get(lines.size() - 1)).startsWith("samlec saml20ec: idp_soap_fault: ")
                .contains("SP " + UNSIGNED_SP + " has no registered signing certificate");
    }

    @Test
    void saml20ecWhenCaNotTrustedThenTlsFailure() throws Exception {
        Path other = Files.writeString(dir.resolve("other.pem"), TestCredentials.read("sp-signing.crt"));
        List<String> args = new ArrayList<>(List.of(saml20ecArgs()));
        args.set(args.indexOf(ca.toString()), other.toString());
        Cli.Result r = Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: metadata_invalid: ");
    }

    private static String[] saml20ecArgs() {
        return new String[] {"saml20ec", "--password-stdin", "-u", "alice", "--idp-metadata",
            IdpCommandTest.printedValue(printed, "metadata"), "--trust", ca.toString(), "--service-name", SERVICE,
            "--sp-entity-id", SIGNED_SP};
    }

    @Test
    void idpWhenSpMetadataHasSigningCertThenSignedRequestsAccepted() throws Exception {
        String entity = "https://ldap.test/from-metadata";
        Path md = dir.resolve("sp-md.xml");
        Cli.Result written = Cli.run("metadata", "--entity-id", entity, "--acs", SERVICE, "--signing-cert",
                cert.toString(), "-o", md.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        Path ca2 = dir.resolve("ca2.pem");
        StringWriter out = new StringWriter();
        try (DemoIdp second = IdpCommandTest.started(out, "--https", "--ca-out", ca2.toString(), "--sp-metadata",
                md.toString())) {
            Cli.Result r = Cli.runWithStdin("alicepw\n", "saml20ec", "--password-stdin", "-u", "alice",
                    "--idp-metadata", second.metadataUrl().toString(), "--trust", ca2.toString(), "--service-name",
                    SERVICE, "--sp-entity-id", entity, "--sp-key", key.toString(), "--sp-cert", cert.toString(),
                    "--mutual");
            assertThat(r.exitCode()).as(out + r.err()).isZero();
        }
    }

    @Test
    void idpWhenCaOutWithoutHttpsThenUsageExit2() {
        Cli.Result r = Cli.run("idp", "--ca-out", dir.resolve("x.pem").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--ca-out needs --https");
    }

    @Test
    void idpWhenRegisterSpCertMissingThenOneLineError() {
        Cli.Result r = Cli.run("idp", "--register-sp", SIGNED_SP + "=" + SERVICE + ",cert="
                + dir.resolve("missing.pem"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        Cli.Result empty = Cli.run("idp", "--register-sp", SIGNED_SP + "=" + SERVICE + ",cert=");
        assertThat(empty.exitCode()).isEqualTo(2);
    }
}
