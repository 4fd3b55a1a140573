package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The programmatic-login example, run in-process. */
class ProgrammaticLoginExampleTest {
    @Test
    @Timeout(120)
    void runWhenEmbeddedDefaultsThenSubjectAuthenticatesUntilLogout() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = ProgrammaticLoginExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("logged in; the Subject's principals: [SamlecPrincipal[alice")
                .contains("the service authenticated alice").contains("mail alice@samlec.dev")
                .contains("wrong password refused as expected: FailedLoginException: idp_authentication_failed")
                .contains("after logout the Subject no longer authenticates").contains("== example finished")
                .doesNotContain("UNEXPECTED");
    }
}
