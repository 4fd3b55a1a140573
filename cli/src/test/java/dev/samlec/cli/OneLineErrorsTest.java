package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@link OneLineErrors}: a message quoting metadata stays one line with nothing hidden in it. */
class OneLineErrorsTest {
    @Command(name = "probe")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static String run(Exception failure, int expectedExit) {
        StringWriter err = new StringWriter();
        OneLineErrors handler = new OneLineErrors();
        CommandLine cli = new CommandLine(new Failing(failure)).setErr(new PrintWriter(err, true))
                .setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
        assertThat(cli.execute()).isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void ecpFailureWhenMessageHoldsNewlineC1AndBidiThenOneLineWithQuestionMarks() {
        String err = run(new EcpException(EcpError.IDP_NOT_FOUND, "IdP 'Univ \u009b2K\u202eA\nprobe: ok\u2028'"),
                SamlecCommand.EXIT_FAILURE);
        assertThat(err).isEqualTo("probe: idp_not_found: IdP 'Univ ?2K?A?probe: ok?'" + System.lineSeparator());
    }

    @Test
    void usageAndOtherFailuresWhenMessageHoldsNewlineThenOneLine() {
        assertThat(run(new UsageException("bad\nvalue"), SamlecCommand.EXIT_USAGE))
                .startsWith("probe: bad?value (see:").hasLineCount(1);
        assertThat(run(new java.io.IOException("no\rfile"), SamlecCommand.EXIT_FAILURE)).isEqualTo("probe: no?file"
                + System.lineSeparator());
    }
}
