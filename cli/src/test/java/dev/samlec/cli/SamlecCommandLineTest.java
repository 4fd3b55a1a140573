package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@link SamlecCommand#commandLine(String...)}: a run builds its own sub-command only, under the name its
 * annotation gives, and the top-level usage and {@code help} still see every sub-command.
 */
class SamlecCommandLineTest {
    private static final List<String> ALL = List.of("curl", "idps", "verify", "idp", "sp", "metadata", "saml20ec",
            "demo", "help");

    @Test
    void commandLineWhenNoOrUnknownOrHelpCommandThenEverySubcommand() {
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"nosuch"},
                new String[] {"help", "verify"})) {
            assertThat(SamlecCommand.commandLine(args).getSubcommands().keySet()).containsExactlyElementsOf(ALL);
        }
    }

    @Test
    void commandLineWhenASubcommandIsNamedThenOnlyThatOneUnderItsAnnotatedName() {
        for (String name : ALL.subList(0, ALL.size() - 1)) {
            CommandLine cli = SamlecCommand.commandLine(name, "--whatever");
            assertThat(cli.getSubcommands().keySet()).containsExactly(name);
            assertThat(cli.getSubcommands().get(name).getCommandSpec().name()).isEqualTo(name);
            assertThat(cli.getSubcommands().get(name).getCommandSpec().qualifiedName()).isEqualTo("samlec " + name);
        }
    }

    @Test
    void runWhenUnknownCommandThenUsageErrorAsBefore() {
        assertThat(SamlecCommand.run("nosuch")).isEqualTo(SamlecCommand.EXIT_USAGE);
        assertThat(SamlecCommand.run("verify")).isEqualTo(SamlecCommand.EXIT_USAGE);
        assertThat(SamlecCommand.run("help", "verify")).isZero();
    }
}
