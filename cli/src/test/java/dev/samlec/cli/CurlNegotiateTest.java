package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.MitKdc;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code samlec curl --negotiate} (alias {@code --kerberos}) with a real MIT KDC and the demo IdP's keytab. */
@Timeout(120)
class CurlNegotiateTest {
    private static MitKdc kdc;
    private static DemoIdp idp;
    private static DemoServiceProvider sp;

    @BeforeAll
    static void start() throws Exception {
        kdc = MitKdc.shared();
        idp = DemoIdp.builder().kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE).start();
        sp = DemoServiceProvider.builder().trust(MetadataLoader.builder().build().load(idp.metadataUrl())).start();
        idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
    }

    @AfterAll
    static void stop() {
        sp.close();
        idp.close();
    }

    @AfterEach
    void resetEnvironment() {
        Defaults.environment = Defaults.SYSTEM_ENVIRONMENT;
    }

    private static String[] curl(String... extra) {
        List<String> args = new ArrayList<>(List.of("curl", "--allow-http", "--idp", idp.ssoUrl().toString(),
                "--idp-entity-id", idp.entityId()));
        args.addAll(List.of(extra));
        args.add(sp.resourceUrl().toString());
        return args.toArray(String[]::new);
    }

    private static void ticketCache(String ccname) {
        Defaults.environment = Map.of("KRB5CCNAME", ccname, "XDG_CONFIG_HOME", "/nonexistent/samlec-tests")::get;
    }

    @Test
    void curlWhenNegotiateWithTicketThenResourceWithoutPassword() throws Exception {
        ticketCache("FILE:" + kdc.ticketCache("1h"));

        Cli.Result r = Cli.runWithStdin("", curl("--negotiate"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenKerberosAliasThenSameLogin() throws Exception {
        ticketCache(kdc.ticketCache("1h").toString());

        Cli.Result r = Cli.runWithStdin("", curl("--kerberos", "-v"));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenNoTicketThenCredentialsUnavailableAndNoPrompt() {
        Path missing = kdc.krb5Conf().resolveSibling("no-such-ccache");
        ticketCache("FILE:" + missing);

        Cli.Result r = Cli.runWithStdin("", curl("--negotiate"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("credentials_unavailable", "run kinit").doesNotContain("Exception");
    }

    @Test
    void curlWhenCredentialCacheNotAFileThenUsageErrorNamingKrb5ccname() {
        ticketCache("KEYRING:persistent:0");

        Cli.Result r = Cli.runWithStdin("", curl("--negotiate"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("KRB5CCNAME: only a FILE: credential cache");
    }

    @Test
    void curlWhenNegotiateWithUserThenUsageError() {
        Cli.Result r = Cli.runWithStdin("", curl("--negotiate", "-u", "alice"));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("leave out -u");
    }
}
