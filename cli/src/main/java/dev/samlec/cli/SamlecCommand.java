package dev.samlec.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code samlec} command: fetch ECP-protected resources, list a federation's ECP IdPs, verify saved SAML Responses, run the demo IdP and
 * service, write SP metadata, and run the end-to-end demo.
 */
@Command(name = "samlec", mixinStandardHelpOptions = true, versionProvider = SamlecCommand.Version.class,
        description = "SAML Enhanced Client (ECP) tools.")
public final class SamlecCommand implements java.util.concurrent.Callable<Integer> {
    /**
     * The sub-commands, in the order the usage lists them. Added by {@link #commandLine(String...)}, not by the
     * annotation, so that a run builds the picocli model of its own sub-command only (the models of all eight are
     * a good part of a short command's start-up).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        commands.put("curl", CurlCommand::new);
        commands.put("idps", IdpsCommand::new);
        commands.put("verify", VerifyCommand::new);
        commands.put("idp", IdpCommand::new);
        commands.put("sp", SpCommand::new);
        commands.put("metadata", MetadataCommand::new);
        commands.put("saml20ec", Saml20ecCommand::new);
        commands.put("demo", DemoCommand::new);
        commands.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(commands);
    }

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

    /**
     * The command line for these arguments: when the first names a sub-command other than {@code help}, with that
     * sub-command only (it is the one that runs, and its usage and errors name it as before); else with all of them
     * (the top-level usage and {@code help} list them all).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new SamlecCommand());
        String first = args.length == 0 ? "" : args[0];
        if (COMMANDS.containsKey(first) && !"help".equals(first)) {
            cli.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        return cli;
    }

    /** Runs the command line and returns its exit code (tests call this). */
    static int run(String... args) {
        CommandLine cli = commandLine(args);
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
