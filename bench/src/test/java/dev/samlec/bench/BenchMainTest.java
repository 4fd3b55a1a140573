package dev.samlec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A smoke run of the runner: one benchmark, in process, one 100 ms iteration; the table must come out. */
class BenchMainTest {
    @Test
    void jmhWhenBaselineOnlyThenTablePrintedWithRatioOne() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[] {"jmh", "--forks", "0", "--warmups", "0", "--iterations", "1",
            "--millis", "100", "RsaVerifyBaseline"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).containsPattern("benchmark\\s+ops/s\\s+± error\\s+ratio")
                .containsPattern("RsaVerifyBaseline\\.rsa2048Sha256Verify\\s+[0-9,.]+\\s+\\S+\\s+1\\.000");
    }

    @Test
    void interleavedWhenValidatorAndResponseStepThenRatiosAndPairsPrinted() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[] {"interleaved", "--warmup", "0", "--seconds", "1", "--slice-millis",
            "20", "validator", "demo-validator", "response-step"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(out).containsPattern("rsa\\s+[0-9,]+\\s+1\\.000")
                .containsPattern("response-step\\s+[0-9,]+\\s+0\\.\\d{3}")
                .containsPattern("validator / rsa\\s+0\\.\\d{3}\\s+\\S+\\s+>= 0\\.25")
                .containsPattern("response-step / demo-validator\\s+\\d\\.\\d{3}\\s+\\S+\\s+>= 0\\.90")
                .contains("13 rounds");
    }

    @Test
    void interleavedWhenUnknownOperationThenBadOptionListingThem() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> BenchMain.run(new String[] {"interleaved", "validater"}, out))
                .isInstanceOf(BadOptionException.class).hasMessageContaining("validater")
                .hasMessageContaining("response-step");
    }

    @Test
    void runWhenUnknownCommandThenUsageAndExitTwo() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[] {"nonsense"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("unknown command 'nonsense'").contains("usage:");
    }

    @Test
    void runWhenHelpThenUsageAndExitZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = BenchMain.run(new String[] {"kafka-load", "--help"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("usage:").contains("kafka-load");
    }

    @Test
    void runWhenOptionWithoutValueOrNotANumberThenBadOptionNamingIt() {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> BenchMain.run(new String[] {"kafka-load", "--seconds"}, out))
                .isInstanceOf(BadOptionException.class).hasMessage("option --seconds needs a value");
        assertThatThrownBy(() -> BenchMain.run(new String[] {"kafka-load", "--seconds", "ten"}, out))
                .isInstanceOf(BadOptionException.class).hasMessageContaining("--seconds").hasMessageContaining("ten");
    }
}
