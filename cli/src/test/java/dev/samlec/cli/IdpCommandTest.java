package dev.samlec.cli;

import static dev.samlec.cli.VerifyCommandTest.errorCode;
import static dev.samlec.cli.VerifyFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code samlec idp}: what it prints, and real logins at the printed endpoint whose answers {@code samlec verify}
 * accepts with the printed metadata URL.
 */
@Timeout(120)
class IdpCommandTest {
    static final String SP = "https://sp.example.org/samlec";
    static final String ACS = "https://sp.example.org/ecp/acs";

    private static DemoIdp idp;
    private static String printed;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        StringWriter out = new StringWriter();
        idp = started(out, "--register-sp", SP + "=" + ACS);
        printed = out.toString();
    }

    @AfterAll
    static void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    /** Parses {@code args} as {@code samlec idp} does and runs its start step (not the endless wait). */
    static DemoIdp started(StringWriter out, String... args) throws Exception {
        IdpCommand command = new IdpCommand();
        new CommandLine(command).parseArgs(args);
        return command.start(new PrintWriter(out));
    }

    static String printedValue(String text, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + ":\\s+(\\S+)").matcher(text);
        assertThat(m.find()).as(label + " in:\n" + text).isTrue();
        return m.group(1);
    }

    private EcpLogin.Answer login(String user, String password) throws Exception {
        URI endpoint = URI.create(printedValue(printed, "ECP endpoint"));
        return new EcpLogin(SP, ACS, printedValue(printed, "entityID"), idp.signingCertificate())
                .login(endpoint, user, password);
    }

    private Cli.Result verify(EcpLogin.Answer answer) throws Exception {
        Path file = write(dir, "answer.xml", answer.body());
        return Cli.run("verify", "--allow-http", "--idp-metadata", printedValue(printed, "metadata"), "--sp-entity-id", SP,
                "--acs", ACS, "--in-response-to", answer.requestId(), file.toString());
    }

    @Test
    void startWhenRunningThenPrintsWarningEndpointsUsersAndRegisteredSp() {
        assertThat(printed).contains("FOR DEMOS AND TESTS ONLY", "PUBLIC demo key",
                "alice/alicepw (groups: admins, staff)", "bob/bobpw (groups: staff)", "carol/carolpw (no groups)",
                "SP:           " + SP + " -> " + ACS, "Ctrl-C");
        assertThat(printedValue(printed, "entityID")).isEqualTo(idp.entityId());
        assertThat(printedValue(printed, "ECP endpoint")).isEqualTo(idp.ssoUrl().toString());
        assertThat(printedValue(printed, "metadata")).isEqualTo(idp.metadataUrl().toString());
        assertThat(idp.port()).isPositive();
    }

    @Test
    void loginAtPrintedEndpointThenVerifyWithPrintedMetadataUrlAccepts() throws Exception {
        EcpLogin.Answer answer = login("alice", "alicepw");

        assertThat(answer.status()).isEqualTo(200);
        Cli.Result result = verify(answer);
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("\"accepted\":true,\"nameId\":\"alice\",\"issuer\":\"" + idp.entityId()
                + "\"", "\"groups\":[\"admins\",\"staff\"]");
    }

    @Test
    void loginAsEachPrintedUserThenPasswordWorksAndGroupsAreAsPrinted() throws Exception {
        Pattern user = Pattern.compile("(\\w+)/(\\w+) \\((?:groups: ([\\w, ]+)|no groups)\\)");
        for (String line : IdpCommand.DEMO_USERS) {
            Matcher m = user.matcher(line);
            assertThat(m.matches()).as(line).isTrue();

            Cli.Result result = verify(login(m.group(1), m.group(2)));

            assertThat(result.exitCode()).as(line).isZero();
            assertThat(result.out()).contains("\"nameId\":\"" + m.group(1) + "\"");
            if (m.group(3) == null) {
                assertThat(result.out()).doesNotContain("\"groups\"");
            } else {
                assertThat(result.out()).contains("\"groups\":[\"" + m.group(3).replace(", ", "\",\"") + "\"]");
            }
        }
    }

    @Test
    void loginWithWrongPasswordThenVerifySaysStatusNotSuccess() throws Exception {
        EcpLogin.Answer answer = login("bob", "wrong");

        assertThat(answer.status()).isEqualTo(200);
        Cli.Result result = verify(answer);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(errorCode(result.out())).isEqualTo("status_not_success");
    }

    @Test
    void loginFromUnregisteredSpThenRefused() throws Exception {
        EcpLogin.Answer answer = new EcpLogin("https://other.example.org/sp", "https://other.example.org/acs",
                idp.entityId(), idp.signingCertificate()).login(idp.ssoUrl(), "alice", "alicepw");

        assertThat(answer.status()).isEqualTo(500);
    }

    @Test
    void idpWhenHostIsNotLoopbackThenUsageErrorExitTwo() {
        Cli.Result result = Cli.run("idp", "--host", "0.0.0.0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).startsWith("samlec idp: option --host").contains("127.0.0.1", "0.0.0.0");
    }

    @Test
    void idpWhenPortOutOfRangeThenUsageErrorExitTwo() {
        Cli.Result result = Cli.run("idp", "--port", "70000");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.errLines()).hasSize(1);
        assertThat(result.err()).contains("option --port", "70000");
    }

    @Test
    void idpWhenRegistrationHasNoAcsThenUsageErrorExitTwo() {
        for (String registration : new String[] {"https://sp.example.org", "=https://acs", "https://sp="}) {
            Cli.Result result = Cli.run("idp", "--register-sp", registration);

            assertThat(result.exitCode()).as(registration).isEqualTo(2);
            assertThat(result.errLines()).hasSize(1);
            assertThat(result.err()).contains("option --register-sp", "ENTITY_ID=ACS_URL");
        }
    }
}
