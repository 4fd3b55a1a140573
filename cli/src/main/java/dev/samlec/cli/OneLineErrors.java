package dev.samlec.cli;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.metadata.DisplayText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Turns every failure into one line on stderr and an exit code: usage errors exit 2, ECP and I/O failures exit 1.
 * Never a stack trace: the cause is logged at DEBUG for whoever turns logging up. The line is one line: control,
 * format and line-separator characters in a message (which may quote metadata) become '?'
 * ({@link DisplayText#controlsReplaced(String)}).
 */
final class OneLineErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(prefix(cmd) + DisplayText.controlsReplaced(ex.getMessage()) + " (see: "
                + cmd.getCommandSpec().qualifiedName() + " --help)");
        return SamlecCommand.EXIT_USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        if (ex instanceof UsageException) {
            err.println(prefix(cmd) + DisplayText.controlsReplaced(ex.getMessage()) + " (see: "
                    + cmd.getCommandSpec().qualifiedName() + " --help)");
            return SamlecCommand.EXIT_USAGE;
        }
        if (ex instanceof EcpException ecp) {
            err.println(prefix(cmd) + DisplayText.controlsReplaced(ecp.describe()));
        } else if (ex instanceof RuntimeException) {
            return unexpected(cmd, ex);
        } else {
            String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            err.println(prefix(cmd) + DisplayText.controlsReplaced(message));
        }
        org.slf4j.LoggerFactory.getLogger(OneLineErrors.class).debug("command failed", ex);
        return SamlecCommand.EXIT_FAILURE;
    }

    /** {@code <command>: internal_error: ...} for what no code describes; the detail is logged at DEBUG. */
    static int unexpected(CommandLine cmd, Throwable t) {
        cmd.getErr().println(prefix(cmd) + EcpError.INTERNAL_ERROR.code() + ": the command failed unexpectedly ("
                + t.getClass().getSimpleName() + "); run with -Dorg.slf4j.simpleLogger.defaultLogLevel=debug for the"
                + " detail");
        cmd.getErr().flush();
        org.slf4j.LoggerFactory.getLogger(OneLineErrors.class).debug("command failed", t);
        return SamlecCommand.EXIT_FAILURE;
    }

    private static String prefix(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName() + ": ";
    }
}
