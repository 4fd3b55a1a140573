package dev.samlec.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.jaas.SamlecLogin;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.redis.testing.RedisServerProcess;
import dev.samlec.redis.testing.TestCertificates;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.sasl.SamlecSaslProvider;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.ServiceProviderRegistration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.URIParameter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Running several nodes" {@code jaas.conf}, read from the README, with only its paths and the Redis
 * address replaced: parsed by the JDK's own {@code JavaLoginConfig}, it logs the service in against a real
 * {@code rediss://} redis-server requiring the password in {@code redisPasswordFile}, and a SAML20EC exchange through
 * the demo IdP completes with the replay cache on that Redis.
 */
@Timeout(120)
class ReadmeRedisJaasSampleTest {
    @TempDir
    Path dir;

    /** The first {@code ```text} block of the README's "Running several nodes" section. */
    static String sample() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Running several nodes: login state on Redis");
        assertThat(section).as("README section").isNotNegative();
        int fence = readme.indexOf("```text\n", section);
        int end = readme.indexOf("\n```", fence + 8);
        assertThat(fence).as("a jaas.conf block in the section").isLessThan(readme.indexOf("\n## ", section + 3));
        return readme.substring(fence + 8, end + 1);
    }

    @Test
    void readmeSampleWhenRunAgainstRealTlsRedisThenServiceLogsInAndExchangeUsesRedis() throws Exception {
        String conf = sample();
        TestCertificates certs = TestCertificates.create(dir, "redis-server");
        try (DemoIdp idp = DemoIdp.builder().start();
                RedisServerProcess redis = RedisServerProcess.startTls(certs, "--requirepass", "readme-pw")) {
            idp.registerServiceProvider(ServiceProviderRegistration.builder("https://broker.example.org/samlec")
                    .acsUrls(List.of("kafka@broker.example.org")).build());
            Path metadata = Files.write(dir.resolve("idp-metadata.xml"), idp.metadata());
            Path password = Files.writeString(dir.resolve("redis.password"), "readme-pw\n");
            String local = replaceAll(conf, Map.of("/etc/samlec/idp-metadata.xml", metadata.toString(),
                    "rediss://redis.example.org:6380", redis.uri().toString(),
                    "/etc/samlec/redis-ca.pem", certs.certificate().toString(),
                    "/etc/samlec/redis.password", password.toString()));
            assertThat(local).doesNotContain("/etc/samlec").doesNotContain("redis.example.org");
            Path file = Files.writeString(dir.resolve("jaas.conf"), local);
            Configuration config = Configuration.getInstance("JavaLoginConfig", new URIParameter(file.toUri()));

            LoginContext context = new LoginContext("SamlecService", new Subject(), null, config);
            context.login();
            try {
                SamlecAcceptor acceptor = context.getSubject().getPublicCredentials(SamlecAcceptor.class).iterator()
                        .next();
                assertThat(acceptor.provider().settings().replayCache()).isInstanceOf(RedisReplayCache.class);
                SamlecSaslProvider.install();
                assertThat(exchange(idp, acceptor).getAuthorizationID()).isEqualTo("alice");
            } finally {
                context.logout();
                SamlecSaslProvider.uninstall();
            }
        }
    }

    private static String replaceAll(String text, Map<String, String> replacements) {
        String result = text;
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertThat(result).as("the README sample names " + r.getKey()).contains(r.getKey());
            result = result.replace(r.getKey(), r.getValue());
        }
        return result;
    }

    private static SaslServer exchange(DemoIdp idp, SamlecAcceptor acceptor) throws Exception {
        Subject alice = SamlecLogin.builder(IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).allowInsecureHttp(true)
                .responseTimeout(Duration.ofSeconds(20)).build()).skipCredentialCheck().build()
                .login("alice", "alicepw".toCharArray());
        SaslServer server = Sasl.createSaslServer(SamlecSasl.SAML20EC, "kafka", "broker.example.org",
                Map.of(SamlecSasl.ACCEPTOR, acceptor), null);
        SamlecLogin.runAs(alice, () -> {
            SaslClient client = Sasl.createSaslClient(new String[] {SamlecSasl.SAML20EC}, null, "kafka",
                    "broker.example.org", Map.of(), null);
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));
            server.evaluateResponse(client.evaluateChallenge(challenge));
            return null;
        });
        assertThat(server.isComplete()).isTrue();
        return server;
    }
}
