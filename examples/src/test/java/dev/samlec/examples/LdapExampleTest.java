package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LDAP example, run in-process and as its own JVM the way its documented command runs it. */
class LdapExampleTest {
    private static void assertSucceeded(String out) {
        assertThat(out).contains("SAML20EC")
                .contains("Who am I? (RFC 4532) says: dn:uid=alice,ou=people,dc=samlec,dc=dev")
                .contains("cn=Alice Example, mail=alice@samlec.dev")
                .contains("refused as expected").contains("idp_authentication_failed")
                .contains("== example finished").doesNotContain("UNEXPECTED");
    }

    @Test
    @Timeout(120)
    void runWhenEmbeddedDefaultsThenAliceBoundAndWrongPasswordRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = LdapExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertSucceeded(out);
    }

    @Test
    @Timeout(180)
    void mainWhenRunAsProgramThenExitsZeroWithWhoAmIOutput() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", LdapExample.class.getName())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();

        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertSucceeded(out);
    }
}
