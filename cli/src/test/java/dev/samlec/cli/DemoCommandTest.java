package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's first command: the whole demo runs, logs alice in and refuses a wrong password. */
@Timeout(120)
class DemoCommandTest {
    @Test
    void demoWhenRunThenFullLoginWithAttributesAndWrongPasswordRefused() {
        Cli.Result r = Cli.run("demo");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("* challenge received from SP", "* ACS checked", "| nameId=alice",
                "| attribute mail=alice@samlec.dev", "| attribute groups=admins;staff",
                "second request reuses the session: HTTP 200, IdP requests so far: 1",
                "refused as expected: idp_authentication_failed", "== demo finished");
    }
}
