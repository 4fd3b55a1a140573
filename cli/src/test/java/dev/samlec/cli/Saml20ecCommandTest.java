package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.testing.DripServer;
import dev.samlec.testkit.DemoIdp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code samlec saml20ec}: a SAML20EC client and server in one process, through the real demo IdP. */
@Timeout(120)
class Saml20ecCommandTest {
    private static final String SERVICE = "ldap@ldap.test";
    private static final String ENTITY = "https://ldap.test/samlec";
    private static DemoIdp idp;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.builder().start();
        idp.registerServiceProvider(ENTITY, List.of(SERVICE));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    private static String[] saml20ec(String user, String... extra) {
        List<String> args = new ArrayList<>(List.of("saml20ec", "--allow-http", "--password-stdin", "-u", user,
                "--idp-metadata", idp.metadataUrl().toString(), "--idp", idp.ssoUrl().toString(),
                "--service-name", SERVICE, "--sp-entity-id", ENTITY));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void saml20ecWhenPasswordRightThenServerAcceptsAndPrintsIdentity() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", saml20ec("alice", "-v"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("mechanism=SAML20EC", "authorizationId=alice", "nameId=alice",
                "issuer=" + idp.entityId());
        assertThat(r.err()).contains("* client initial response: n,,,,", "* server: login accepted")
                .doesNotContain("alicepw");
    }

    @Test
    void saml20ecWhenPasswordWrongThenClientCodeAndExitOne() {
        Cli.Result r = Cli.runWithStdin("nope\n", saml20ec("alice"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec saml20ec: idp_authentication_failed: ");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void saml20ecWhenIdpDripsThenIdpTimeoutWithinMaxTime() throws Exception {
        try (DripServer drip = DripServer.plain(DripServer.Mode.BODY)) {
            List<String> args = new ArrayList<>(List.of(saml20ec("alice", "-m", "1")));
            args.set(args.indexOf(idp.ssoUrl().toString()), drip.uri("http", "/sso").toString());

            Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(1 + 5),
                    () -> Cli.runWithStdin("alicepw\n", args.toArray(String[]::new)));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).startsWith("samlec saml20ec: idp_timeout: ").contains("call timeout of");
        }
    }

    @Test
    void saml20ecWhenServiceNameNotRegisteredThenIdpRefusesAndExitOne() {
        List<String> args = new ArrayList<>(List.of(saml20ec("alice")));
        args.set(args.indexOf(SERVICE), "ldap@unregistered.test");

        Cli.Result r = Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("samlec saml20ec: idp_soap_fault: ").contains("not registered");
    }

    @Test
    void saml20ecWhenIdpEnforcesSignedRequestsAndNoKeyThenWarningAndIdpRefuses() throws Exception {
        try (DemoIdp strict = DemoIdp.builder().requireSignedRequests().start()) {
            strict.registerServiceProvider(ENTITY, List.of(SERVICE));
            List<String> args = new ArrayList<>(List.of(saml20ec("alice")));
            args.set(args.indexOf(idp.metadataUrl().toString()), strict.metadataUrl().toString());
            args.set(args.indexOf(idp.ssoUrl().toString()), strict.ssoUrl().toString());

            Cli.Result r = Cli.runWithStdin("alicepw\n", args.toArray(String[]::new));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("WantAuthnRequestsSigned").contains("not signed");
        }
    }

    @Test
    void saml20ecWhenMutualWithoutKeyThenUsageError() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", saml20ec("alice", "--mutual"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--sp-key");
    }
}
