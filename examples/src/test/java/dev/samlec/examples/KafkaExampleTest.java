package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
        assertThat(out).contains("SAML20EC login of User:alice (NameID alice from");
    }
}
