package dev.samlec.cli;

import static dev.samlec.cli.VerifyCommandTest.errorCode;
import static dev.samlec.cli.VerifyFixtures.resource;
import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: {@code samlec verify} on the real exchange captured between Keycloak 26 and a Shibboleth SP
 * (/work/shared/peers/samples): the IdP's SOAP answer, the client's PAOS response to the SP carrying the same
 * Response, and Keycloak's wrong-password answer; trust comes from Keycloak-shaped metadata with the realm key.
 */
class VerifyKeycloakSamplesTest {
    private static final String SP = "http://127.0.0.1:8081/shibboleth";
    private static final String ACS = "http://127.0.0.1:8081/Shibboleth.sso/SAML2/ECP";
    private static final String REQUEST_ID = "_d4faa06ec25af0b48b03adbb25a7332a";
    private static final String ISSUED = "2026-11-22T12:11:20Z";

    @TempDir
    Path dir;
    private Path metadata;
    private Path idpAnswer;
    private Path paosResponse;

    @BeforeEach
    void setUp() throws Exception {
        metadata = write(dir, "keycloak-idp-metadata.xml", resource("keycloak-idp-metadata.xml"));
        idpAnswer = write(dir, "kc-shib.idp-resp.xml", resource("kc-shib.idp-resp.xml"));
        paosResponse = write(dir, "kc-shib.sp-resp.xml", resource("kc-shib.sp-resp.xml"));
    }

    private List<String> args(String now, String... more) {
        List<String> args = new ArrayList<>(List.of("verify", "--idp-metadata", metadata.toString(),
                "--sp-entity-id", SP, "--acs", ACS, "--now", now));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void verifyWhenKeycloakIdpAnswerThenAccepted() {
        Cli.Result result = Cli.run(args(ISSUED, "--in-response-to", REQUEST_ID, idpAnswer.toString()));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.lines()).hasSize(1);
        assertThat(result.lines().get(0)).startsWith("{\"file\":\"" + idpAnswer + "\",\"accepted\":true,"
                + "\"nameId\":\"alice\",\"issuer\":\"http://127.0.0.1:8080/realms/ecp\",\"attributes\":{");
    }

    @Test
    void verifyWhenPaosResponseToSpThenUnwrappedAndAccepted() {
        Cli.Result result = Cli.run(args(ISSUED, paosResponse.toString()));

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.lines().get(0)).contains("\"accepted\":true,\"nameId\":\"alice\"");
    }

    @Test
    void verifyWhenSameResponseFromBothLegsThenSecondIsReplayedAssertion() {
        Cli.Result result = Cli.run(args(ISSUED, idpAnswer.toString(), paosResponse.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines()).hasSize(2);
        assertThat(result.lines().get(0)).contains("\"accepted\":true");
        assertThat(errorCode(result.lines().get(1))).isEqualTo("replayed_assertion");
    }

    @Test
    void verifyWhenSameResponseFromBothLegsWithInResponseToThenSecondRequestAlreadyConsumed() {
        Cli.Result result = Cli.run(args(ISSUED, "--in-response-to", REQUEST_ID, idpAnswer.toString(),
                paosResponse.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.lines().get(0)).contains("\"accepted\":true");
        assertThat(errorCode(result.lines().get(1))).isEqualTo("invalid_in_response_to");
    }

    @Test
    void verifyWhenCheckedFiveMinutesLaterThenAssertionExpired() {
        Cli.Result result = Cli.run(args("2026-11-22T12:16:00Z", idpAnswer.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("assertion_expired");
    }

    @Test
    void verifyWhenWrongPasswordAnswerThenStatusNotSuccess() throws Exception {
        Path file = write(dir, "wrong-password.xml", resource("kc.wrong-password.idp-resp.xml"));

        Cli.Result result = Cli.run(args("2026-11-22T12:12:25Z", file.toString()));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.lines().get(0))).isEqualTo("status_not_success");
        assertThat(result.lines().get(0)).contains("NoPassive");
    }

    @Test
    void verifyWhenTrustedForAnotherSpThenInvalidAudience() {
        List<String> args = args(ISSUED, idpAnswer.toString());
        args.set(args.indexOf(SP), "https://other.example.org/sp");

        Cli.Result result = Cli.run(args);

        assertThat(errorCode(result.lines().get(0))).isEqualTo("invalid_audience");
    }
}
