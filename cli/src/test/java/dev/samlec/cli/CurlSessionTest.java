package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec curl} as a daily tool against the demo IdP and service: the password only when a challenge comes,
 * the exchange kept by {@code --save-dir} (and accepted again by {@code samlec verify}), defaults from the
 * environment and the config file.
 */
@Timeout(120)
class CurlSessionTest {
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

    @AfterEach
    void resetEnvironment() {
        Defaults.environment = Defaults.SYSTEM_ENVIRONMENT;
    }

    private static String[] curl(String... extra) {
        List<String> args = new ArrayList<>(List.of("curl", "--allow-http", "--password-stdin",
                "-u", "alice", "--idp", idp.ssoUrl().toString(), "--idp-entity-id", idp.entityId()));
        args.addAll(List.of(extra));
        args.add(sp.resourceUrl().toString());
        return args.toArray(String[]::new);
    }

    @Test
    void curlWhenSessionInCookieJarThenNoPasswordIsRead() {
        Path jar = dir.resolve("cookies.txt");
        assertThat(Cli.runWithStdin("alicepw\n", curl("-c", jar.toString())).exitCode()).isZero();
        // empty stdin: reading a password would exit 2 with "no password on standard input"
        Cli.Result second = Cli.runWithStdin("", curl("-c", jar.toString()));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenCookieJarSessionIsStaleThenThePasswordIsReadAtTheChallenge() throws IOException {
        Path jar = Files.writeString(dir.resolve("stale.txt"),
                "127.0.0.1\tFALSE\t/\tFALSE\t0\tsamlec_demo_session\tnot-a-session\n");
        Cli.Result empty = Cli.runWithStdin("", curl("-c", jar.toString()));
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("no password on standard input");
        Cli.Result r = Cli.runWithStdin("alicepw\n", curl("-c", jar.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenChallengedWithoutUserThenUsageExit2() {
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin",
                "--idp", idp.ssoUrl().toString(), sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("samlec curl: the service asked for a login at ").contains("-u USER");
    }

    @Test
    void curlWhenSaveDirWritableByOthersOrALinkThenRefusedBeforeAnyRequest() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        java.nio.file.Files.setPosixFilePermissions(shared,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Files.createDirectory(dir.resolve("target")));
        long before = idp.requestCount();

        Cli.Result open = Cli.runWithStdin("alicepw\n", curl("--save-dir", shared.toString()));
        Cli.Result linked = Cli.runWithStdin("alicepw\n", curl("--save-dir", link.toString()));

        assertThat(open.exitCode()).isEqualTo(2);
        assertThat(open.err()).contains("can be written by other users");
        assertThat(linked.exitCode()).isEqualTo(2);
        assertThat(linked.err()).contains("symbolic link");
        assertThat(idp.requestCount()).isEqualTo(before);
    }

    @Test
    void curlWhenSaveDirThenEveryMessageKeptAndVerifyAcceptsTheIdpAnswer() throws Exception {
        Path saved = dir.resolve("exchange");
        Cli.Result r = Cli.runWithStdin("alicepw\n", curl("--save-dir", saved.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("4 messages saved in " + saved);
        for (String name : List.of("1-sp-challenge.xml", "2-idp-request.xml", "3-idp-response.xml",
                "4-sp-response.xml")) {
            assertThat(saved.resolve(name)).isRegularFile();
            assertThat(Files.getPosixFilePermissions(saved.resolve(name)))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
        assertThat(Files.readString(saved.resolve("1-sp-challenge.xml"))).contains("paos:Request", "AuthnRequest");
        assertThat(Files.readString(saved.resolve("3-idp-response.xml"))).contains("ecp:Response", "Assertion");
        assertThat(Files.readString(saved.resolve("2-idp-request.xml"))).doesNotContain("alicepw");
        Properties exchange = new Properties();
        exchange.load(new StringReader(Files.readString(saved.resolve("exchange.properties"))));
        assertThat(exchange.getProperty("sp-entity-id")).isEqualTo(sp.entityId());
        assertThat(exchange.getProperty("acs")).isEqualTo(sp.acsUrl());

        Path metadata = Files.write(dir.resolve("idp.xml"), idp.metadata());
        List<String> verify = new ArrayList<>(List.of("verify", "--idp-metadata", metadata.toString(),
                "--sp-entity-id", exchange.getProperty("sp-entity-id"), "--acs", exchange.getProperty("acs"),
                "--now", exchange.getProperty("received-at")));
        Cli.Result accepted = Cli.run(with(verify, "--in-response-to", exchange.getProperty("in-response-to"),
                saved.resolve("3-idp-response.xml").toString()));
        assertThat(accepted.exitCode()).as(accepted.out() + accepted.err()).isZero();
        assertThat(accepted.out()).contains("\"accepted\":true", "\"nameId\":\"alice\"");
        Cli.Result posted = Cli.run(with(verify, "--in-response-to", exchange.getProperty("in-response-to"),
                saved.resolve("4-sp-response.xml").toString()));
        assertThat(posted.exitCode()).as(posted.out()).isZero();
        Cli.Result otherRequest = Cli.run(with(verify, "--in-response-to", "_another-request",
                saved.resolve("3-idp-response.xml").toString()));
        assertThat(otherRequest.exitCode()).isEqualTo(1);
        assertThat(otherRequest.out()).contains("invalid_in_response_to");
    }

    @Test
    void curlWhenSaveDirReusedThenOnlyTheLatestExchangeIsThere() throws Exception {
        Path saved = Files.createDirectories(dir.resolve("again"));
        Files.writeString(saved.resolve("3-idp-response.xml"), "old");
        Path jar = dir.resolve("jar.txt");
        assertThat(Cli.runWithStdin("alicepw\n", curl("-c", jar.toString())).exitCode()).isZero();
        Cli.Result r = Cli.runWithStdin("", curl("-c", jar.toString(), "--save-dir", saved.toString()));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("0 messages saved");
        assertThat(saved.resolve("3-idp-response.xml")).doesNotExist();
    }

    @Test
    void curlWhenIdpAndUserFromConfigFileThenLogsInWithoutOptions() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "# samlec defaults\nidp = " + idp.ssoUrl()
                + "\nidp-entity-id=" + idp.entityId() + "\nuser=alice\n");
        Defaults.environment = Map.of("SAMLEC_CONFIG", config.toString())::get;
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin",
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenEnvironmentNamesTheIdpThenItBeatsTheConfigFile() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "idp=http://127.0.0.1:1/nowhere\nuser=alice\n");
        Defaults.environment = Map.of("SAMLEC_CONFIG", config.toString(), "SAMLEC_IDP", idp.ssoUrl().toString(),
                "SAMLEC_USER", "bob")::get;
        Cli.Result r = Cli.runWithStdin("bobpw\n", "curl", "--allow-http", "--password-stdin",
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).contains("nameId=bob");
        // an option beats both
        Cli.Result option = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u",
                "alice", sp.resourceUrl().toString());
        assertThat(option.lines()).contains("nameId=alice");
    }

    @Test
    void curlWhenConfigFileHasUnknownKeyThenUsageExit2NamingTheLine() throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "idp=" + idp.ssoUrl() + "\nidpUrl=x\n");
        Defaults.environment = Map.of("SAMLEC_CONFIG", config.toString())::get;
        Cli.Result r = Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                sp.resourceUrl().toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config file " + config + " line 2: unknown key 'idpUrl'", "idp-metadata");
    }

    @Test
    void curlWhenSamlecConfigNamesNoFileThenUsageExit2() {
        Defaults.environment = Map.of("SAMLEC_CONFIG", dir.resolve("missing").toString())::get;
        Cli.Result r = Cli.runWithStdin("alicepw\n", curl());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("SAMLEC_CONFIG names ");
    }

    private static List<String> with(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }
}
