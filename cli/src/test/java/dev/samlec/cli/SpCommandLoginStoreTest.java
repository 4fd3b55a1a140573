package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.sp.DemoServiceProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code samlec sp --login-store redis}: the service keeps its replay cache and issued request IDs on a real
 * redis-server (AUTH from {@code --redis-password-file}), {@code samlec curl} logs in through it, and with Redis
 * stopped no challenge is issued ({@code state_store_unavailable}); the options are checked as usage errors.
 */
@Timeout(120)
class SpCommandLoginStoreTest {
    private static final String PASSWORD = "cli-redis-pw";
    private static DemoIdp idp;
    private static RedisServerProcess redis;
    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        idp = DemoIdp.builder().start();
        redis = RedisServerProcess.startPlain("--requirepass", PASSWORD);
        Files.writeString(dir.resolve("redis.pw"), PASSWORD + "\n");
    }

    @AfterAll
    static void stop() throws Exception {
        redis.close();
        idp.close();
    }

    private static List<String> redisArgs(RedisServerProcess server, String prefix) {
        return List.of("--allow-http", "--idp-metadata", idp.metadataUrl().toString(), "--login-store", "redis",
                "--redis-uri", server.uri().toString(), "--redis-key-prefix", prefix, "--redis-password-file",
                dir.resolve("redis.pw").toString(), "--redis-timeout", "0.5");
    }

    private static Cli.Result curl(DemoServiceProvider sp) {
        return Cli.runWithStdin("bobpw\n", "curl", "--allow-http", "--password-stdin", "-u", "bob", "--idp",
                idp.ssoUrl().toString(), sp.resourceUrl().toString());
    }

    @Test
    void spWhenLoginStoreRedisThenCurlLogsInAndTheAssertionIsRecordedUnderThePrefix() throws Exception {
        SpCommand command = new SpCommand();
        StringWriter printed = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(printed));
        cli.parseArgs(redisArgs(redis, "samlec:cli-sp:").toArray(String[]::new));
        try (DemoServiceProvider sp = command.start()) {
            idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            assertThat(printed.toString()).contains("login state:        redis " + redis.uri()
                    + ", key prefix samlec:cli-sp:");

            Cli.Result r = curl(sp);

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.lines()).contains("nameId=bob");
            assertThat(keys(redis, "samlec:cli-sp:replay:*")).isEqualTo(1);
            assertThat(keys(redis, "samlec:cli-sp:request:*")).as("the challenge was consumed").isZero();
        } finally {
            command.closeStore();
        }
    }

    @Test
    void spWhenRedisStoppedThenNoChallengeStateStoreUnavailable() throws Exception {
        try (RedisServerProcess own = RedisServerProcess.startPlain("--requirepass", PASSWORD)) {
            SpCommand command = new SpCommand();
            CommandLine cli = new CommandLine(command);
            cli.setOut(new PrintWriter(new StringWriter()));
            cli.parseArgs(redisArgs(own, "samlec:down:").toArray(String[]::new));
            try (DemoServiceProvider sp = command.start()) {
                idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
                own.stop();

                Cli.Result r = curl(sp);

                assertThat(r.exitCode()).isEqualTo(1);
                assertThat(r.err()).contains("503");
            } finally {
                command.closeStore();
            }
        }
    }

    @Test
    void spWhenStoreOptionsInconsistentThenUsageErrors() {
        String md = idp.metadataUrl().toString();
        assertUsage("the --redis-* options need --login-store redis", "sp", "--allow-http", "--idp-metadata", md,
                "--redis-uri", "redis://127.0.0.1:1");
        assertUsage("--login-store redis needs --redis-uri and --redis-key-prefix", "sp", "--allow-http",
                "--idp-metadata", md, "--login-store", "redis", "--redis-uri", "redis://127.0.0.1:1");
        assertUsage("option --login-store: must be memory or redis (value: memcached)", "sp", "--allow-http",
                "--idp-metadata", md, "--login-store", "memcached");
        assertUsage("option --redis-timeout: must be a number of seconds", "sp", "--allow-http", "--idp-metadata",
                md, "--login-store", "redis", "--redis-uri", "redis://127.0.0.1:1", "--redis-key-prefix", "p:",
                "--redis-timeout", "0");
    }

    @Test
    void spWhenRedisSettingsRefusedThenOneLineInvalidConfiguration() {
        List<String> args = new ArrayList<>(List.of("sp"));
        args.addAll(redisArgs(redis, "p:"));
        args.set(args.indexOf("--redis-uri") + 1, "redis://redis.example.org:6379");

        Cli.Result r = Cli.run(args);

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec sp: invalid_configuration: ").contains("has no TLS")
                .doesNotContain("Exception");
    }

    private static void assertUsage(String expected, String... args) {
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(expected);
    }

    private static long keys(RedisServerProcess server, String pattern) throws Exception {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1")
                .withPort(server.uri().getPort()).withPassword(PASSWORD.toCharArray())
                .withTimeout(Duration.ofSeconds(5)).build());
        try (var connection = client.connect()) {
            return connection.sync().keys(pattern).size();
        } finally {
            client.shutdown();
        }
    }
}
