package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The top-level {@code samlec} command. */
class SamlecCommandTest {
    @Test
    void samlecWhenNoCommandThenUsageOnStderrAndExit2() {
        Cli.Result r = Cli.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: samlec", "curl", "verify", "idp");
    }

    @Test
    void samlecWhenHelpThenUsageOnStdoutAndExit0() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: samlec");
    }
}
