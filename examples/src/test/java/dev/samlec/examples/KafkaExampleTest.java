package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.testkit.DemoIdp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Kafka example, in-process and as its own JVM the way its documented command runs it. */
class KafkaExampleTest {
    private static void assertSucceeded(String out) {
        assertThat(out).contains("SAML20EC on SASL_SSL")
                .contains("sasl.jaas.config=dev.samlec.jaas.SamlecLoginModule required").contains("password=\"***\"")
                .doesNotContain("alicepw")
                .contains("alice consumed [hello from alice] as User:alice")
                .contains("bob (no ACL): refused as expected").contains("TopicAuthorizationException")
                .contains("alice with a wrong password: refused as expected").contains("idp_authentication_failed")
                .contains("== example finished").doesNotContain("UNEXPECTED");
    }

    @Test
    @Timeout(180)
    void runWhenEmbeddedDefaultsThenAliceProducesAndConsumesAndOthersAreRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = KafkaExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertSucceeded(out);
    }

    @Test
    @Timeout(180)
    void idpCheckWhenDemoIdpAsExternalIdpWithUriServiceNameThenRoundTripAndWrongPasswordRefused() throws Exception {
        Path dir = Files.createTempDirectory("kafka-idp-check-test");
        try (DemoIdp idp = DemoIdp.start()) {
            idp.registerServiceProvider("urn:test:kafka", List.of("urn:test:kafka@localhost"));
            Path metadata = Files.write(dir.resolve("md.xml"), idp.metadata());
            ByteArrayOutputStream ok = new ByteArrayOutputStream();
            ByteArrayOutputStream refused = new ByteArrayOutputStream();

            int passed = KafkaIdpCheck.run(new PrintStream(ok, true, StandardCharsets.UTF_8), idp.ssoUrl().toString(),
                    metadata, "urn:test:kafka", "urn:test:kafka@localhost", "bob", "bobpw");
            int failed = KafkaIdpCheck.run(new PrintStream(refused, true, StandardCharsets.UTF_8),
                    idp.ssoUrl().toString(), metadata, "urn:test:kafka", "urn:test:kafka@localhost", "bob", "nope");

            assertThat(passed).as(ok.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(ok.toString(StandardCharsets.UTF_8)).contains("bob consumed [hello from bob] as User:bob")
                    .contains("== check passed");
            assertThat(failed).isEqualTo(1);
            assertThat(refused.toString(StandardCharsets.UTF_8)).contains("FAILED: ")
                    .contains("idp_authentication_failed");
        } finally {
            KafkaExample.delete(dir);
        }
    }

    @Test
    @Timeout(240)
    void mainWhenRunAsProgramThenExitsZeroAndBrokerLogsThePrincipal() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-Dorg.slf4j.simpleLogger.log.dev.samlec.kafka=info",
                KafkaExample.class.getName()).redirectErrorStream(true).start();
        process.getOutputStream().close();

        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertSucceeded(out);
        assertThat(out).contains("SAML20EC login accepted: nameId=\"alice\" issuer=");
    }
}
