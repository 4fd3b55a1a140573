package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code samlec idp --sp-metadata}: an SP registered from the metadata {@code samlec metadata} writes. */
@Timeout(120)
class IdpCommandSpMetadataTest {
    private static final String SP = "https://sp.example.org/sp";
    private static final String ACS = "https://sp.example.org/paos";

    @TempDir
    Path dir;

    @Test
    void idpWhenSpMetadataGivenThenSpRegisteredAndLoginAccepted() throws Exception {
        Path md = dir.resolve("sp.xml");
        assertThat(Cli.run("metadata", "--entity-id", SP, "--acs", ACS, "-o", md.toString()).exitCode()).isZero();
        StringWriter out = new StringWriter();
        try (DemoIdp idp = IdpCommandTest.started(out, "--sp-metadata", md.toString())) {
            assertThat(out.toString()).contains("SP:           " + SP + " -> " + ACS);
            EcpLogin.Answer answer = new EcpLogin(SP, ACS, idp.entityId(), idp.signingCertificate())
                    .login(idp.ssoUrl(), "alice", "alicepw");
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("AssertionConsumerServiceURL=\""
                    + ACS + "\"").contains("urn:oasis:names:tc:SAML:2.0:status:Success");
        }
    }

    @Test
    void idpWhenSpMetadataIsNotMetadataThenOneLineMetadataInvalid() throws Exception {
        Path md = Files.writeString(dir.resolve("bad.xml"), "<notMetadata/>");
        Cli.Result r = Cli.run("idp", "--sp-metadata", md.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec idp: metadata_invalid: ");
    }
}
