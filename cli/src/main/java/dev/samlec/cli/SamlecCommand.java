package dev.samlec.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samlec} command: fetch ECP-protected resources, list a federation's ECP IdPs, verify saved SAML Responses, run the demo IdP and
 * service, write SP metadata, and run the end-to-end demo.
 */
@Command(name = "samlec", mixinStandardHelpOptions = true, versionProvider = SamlecCommand.Version.class,
        description = "SAML Enhanced Client (ECP) tools.",
        subcommands = {CurlCommand.class, IdpsCommand.class, VerifyCommand.class, IdpCommand.class, SpCommand.class,
            MetadataCommand.class, Saml20ecCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class SamlecCommand implements java.util.concurrent.Callable<Integer> {
    /** Exit code for a usage error (unknown option, missing argument). */
    static final int EXIT_USAGE = 2;
    /** Exit code for a failure (an ECP error, a rejected Response). */
    static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (tests call this). */
    static int run(String... args) {
        CommandLine cli = new CommandLine(new SamlecCommand());
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new OneLineErrors());
        try {
            return cli.execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands Errors (and its own failures) straight through: still one line, never a stack trace.
            return OneLineErrors.unexpected(cli, e);
        }
    }

    /** No command given: the usage on stderr and exit 2, as for any other usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SamlecCommand.class.getPackage().getImplementationVersion();
            return new String[] {"samlec " + (v == null ? "(development build)" : v)};
        }
    }
}
