package dev.samlec.cli;

import static dev.samlec.cli.MetadataTrustVerifyTest.FEDERATION;
import static dev.samlec.cli.MetadataTrustVerifyTest.pem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.FederationMetadataBuilder;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An IdP picked by name from a signed federation aggregate is reached over TLS trusted only through the anchors the
 * user gave ({@code --trust}), never because the (signed) metadata names it: an https IdP whose certificate does not
 * chain to {@code --trust} is {@code idp_tls_failure}, and no trust option at all is refused before any connection.
 */
@Timeout(120)
class CurlByNameTlsTest {
    private static DemoTls idpTls;
    private static DemoTls otherTls;
    private static DemoIdp idp;
    private static DemoServiceProvider sp;

    @TempDir
    static Path dir;
    private static Path federation;
    private static Path federationCert;

    @BeforeAll
    static void start() throws Exception {
        idpTls = DemoTls.generate();
        otherTls = DemoTls.generate();
        idp = DemoIdp.builder().https(idpTls.serverKeyStore(), DemoTls.password()).start();
        sp = DemoServiceProvider.builder().trust(dev.samlec.mech.service.IdpTrust.of(idp.entityId(),
                List.of(idp.signingCertificate()))).start();
        idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
        federation = FederationMetadataBuilder.aggregate("urn:example:federation")
                .add(FederationMetadataBuilder.Idp.of(idp).displayName("en", "Secure University"))
                .signedWith(FEDERATION).writeTo(dir.resolve("federation.xml"));
        federationCert = Path.of(pem(dir, "federation.pem", FEDERATION.certificate()));
    }

    @AfterAll
    static void stop() {
        sp.close();
        idp.close();
    }

    private static Cli.Result curl(String... trust) {
        List<String> args = new ArrayList<>(List.of("curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp-metadata", federation.toString(), "--metadata-signing-cert", federationCert.toString(),
                "--idp", "secure"));
        args.addAll(List.of(trust));
        args.add(sp.resourceUrl().toString());
        return Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));
    }

    @Test
    void curlWhenIdpCertificateUnderTrustAnchorsThenLogsIn() throws Exception {
        assertThat(idp.ssoUrl().getScheme()).isEqualTo("https");
        Cli.Result r = curl("--trust", pem(dir, "idp-ca.pem", idpTls.caCertificate()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenIdpCertificateNotUnderTrustAnchorsThenIdpTlsFailure() throws Exception {
        long before = idp.requestCount();
        Cli.Result r = curl("--trust", pem(dir, "other-ca.pem", otherTls.caCertificate()));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("samlec curl: idp_tls_failure: ");
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenNoTrustOptionThenRefusedBeforeConnecting() {
        long before = idp.requestCount();
        Cli.Result r = curl();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("samlec curl: invalid_configuration: ", "no TLS trust configured");
        assertThat(idp.requestCount()).isEqualTo(before);
    }
}
