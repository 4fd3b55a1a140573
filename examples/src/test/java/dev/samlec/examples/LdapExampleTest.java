package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The LDAP example, run as its main would run it. */
class LdapExampleTest {
    @Test
    @Timeout(120)
    void runWhenEmbeddedDefaultsThenAliceBoundAndWrongPasswordRefused() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int exit = LdapExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("authenticated as uid=alice,ou=people,dc=samlec,dc=dev (strong)")
                .contains("cn=Alice Example, mail=alice@samlec.dev")
                .contains("refused as expected").contains("idp_authentication_failed")
                .contains("== example finished");
    }
}
