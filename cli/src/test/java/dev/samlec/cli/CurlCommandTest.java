package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samlec curl} against the real demo IdP (ApacheDS behind it) and samlec's demo service, over loopback. */
@Timeout(120)
class CurlCommandTest {
    private static DemoIdp idp;
    private static DemoServiceProvider sp;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.builder().start();
        sp = DemoServiceProvider.builder().trust(MetadataLoader.builder().build().load(idp.metadataUrl())).start();
        idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
    }

    @AfterAll
    static void stop() {
        sp.close();
        idp.close();
    }

    private static String[] curl(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("curl", "--allow-http", "--password-stdin",
                "-u", "alice", "--idp", idp.ssoUrl().toString(), "--idp-entity-id", idp.entityId()));
        args.addAll(List.of(extra));
        args.add(sp.resourceUrl().toString());
        return args.toArray(String[]::new);
    }

    @Test
    void curlWhenPasswordRightThenPrintsProtectedIdentity() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", curl());
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines()).contains("nameId=alice", "attribute groups=admins;staff");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void curlWhenVerboseThenStepsOnStderrWithoutSecrets() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", curl("-v"));
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("* challenge received from SP", "* ACS checked");
        assertThat(r.err()).doesNotContain("alicepw").doesNotContain("<saml");
    }

    @Test
    void curlWhenPasswordWrongThenOneLineAuthenticationFailedAndExit1() {
        Cli.Result r = Cli.runWithStdin("wrong\n", curl());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec curl: idp_authentication_failed: ").doesNotContain("Exception");
        assertThat(r.out()).doesNotContain("PROTECTED");
    }

    @Test
    void curlWhenMetadataGivenThenLogsIn() throws Exception {
        Path md = dir.resolve("idp.xml");
        Files.write(md, idp.metadata());
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-metadata", md.toString(), sp.resourceUrl().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenMetadataSignedByFederationAndSigningCertGivenThenLogsIn() throws Exception {
        Path md = Files.write(dir.resolve("signed-idp.xml"), MetadataTrustVerifyTest.signed(idp.metadata(),
                MetadataTrustVerifyTest.FEDERATION));
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-metadata", md.toString(), "--metadata-signing-cert", MetadataTrustVerifyTest.pem(dir,
                        "fed.pem", MetadataTrustVerifyTest.FEDERATION.certificate()), sp.resourceUrl().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenCookieJarSavedThenNextRunNeedsNoIdp() throws Exception {
        Path jar = dir.resolve("cookies.txt");
        Path out = dir.resolve("page.txt");
        assertThat(Cli.runWithStdin("alicepw\n", curl("-c", jar.toString())).exitCode()).isZero();
        long before = idp.requestCount();
        // a wrong password proves the second run never reached the IdP
        Cli.Result second = Cli.runWithStdin("wrong\n", curl("-c", jar.toString(), "-o", out.toString()));
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).isEmpty();
        assertThat(Files.readString(out)).contains("nameId=alice");
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenIdpDownThenIdpUnreachable() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp", "http://127.0.0.1:1/idp", sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: idp_unreachable: ");
    }

    @Test
    void curlWhenHttpNotAllowedThenConfigurationError() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--password-stdin", "-u", "alice",
                "--idp", idp.ssoUrl().toString(), sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: invalid_configuration: ");
    }

    @Test
    void curlWhenNoIdpGivenThenUsageErrorExit2() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--password-stdin", "-u", "alice",
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
    }

    @Test
    void curlWhenStdinEmptyThenUsageError() {
        Cli.Result r = Cli.runWithStdin("", curl());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no password on standard input");
    }
}
