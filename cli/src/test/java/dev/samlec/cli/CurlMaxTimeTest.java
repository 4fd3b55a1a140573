package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.DripServer.Mode;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code samlec curl -m} bounds the whole run, as curl's does, against a real server dripping one byte at a time:
 * as the service, as the IdP (behind the real demo service) and as the metadata URL. The run ends within -m plus a
 * generous margin with one line naming the timeout code, and exit 1.
 */
class CurlMaxTimeTest {
    private static final Duration BOUND = Duration.ofSeconds(1 + 5);
    private static DemoIdp idp;
    private static DemoServiceProvider sp;
    private DripServer drip;

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

    @AfterEach
    void stopDrip() {
        if (drip != null) {
            drip.close();
        }
    }

    private static Cli.Result curl(String... args) {
        List<String> all = new ArrayList<>(List.of("curl", "--allow-http", "--password-stdin", "-u", "alice"));
        all.addAll(List.of(args));
        return assertTimeoutPreemptively(BOUND, () -> Cli.runWithStdin("alicepw\n", all.toArray(String[]::new)));
    }

    @Test
    void curlWhenServiceDripsThenSpTimeoutWithinMaxTime() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        Cli.Result r = curl("-m", "1", "--idp", idp.ssoUrl().toString(), drip.uri("http", "/resource").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec curl: sp_timeout: ").contains("-m/--max-time");
    }

    @Test
    void curlWhenIdpDripsThenIdpTimeoutWithinMaxTime() throws Exception {
        drip = DripServer.plain(Mode.HEADERS);
        Cli.Result r = curl("-m", "1.5", "--idp", drip.uri("http", "/sso").toString(), "--idp-entity-id",
                idp.entityId(), sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: idp_timeout: ").contains("-m/--max-time");
    }

    @Test
    void curlWhenMetadataUrlDripsThenMetadataInvalidWithinMaxTime() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        Cli.Result r = curl("-m", "1", "--idp-metadata", drip.uri("http", "/md").toString(),
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: metadata_invalid: ").contains("call timeout");
    }

    @Test
    void curlWhenMaxTimeAmpleThenLogsIn() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                "-m", "30", "--idp", idp.ssoUrl().toString(), "--idp-entity-id", idp.entityId(),
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenMaxTimeNotPositiveThenUsageError() {
        for (String value : List.of("0", "-2", "NaN")) {
            Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                    "-m", value, "--idp", idp.ssoUrl().toString(), sp.resourceUrl().toString());
            assertThat(r.exitCode()).as(value).isEqualTo(2);
            assertThat(r.err()).contains("-m/--max-time");
        }
    }
}
