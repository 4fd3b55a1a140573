package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's command table (section "The {@code samlec} command") against picocli's model of the commands, which
 * {@code --help} prints: the same commands, and for each every option (by at least one of its names) and no option
 * that does not exist. Help and version options are left out of the table.
 */
class ReadmeCommandTableTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(.+?)` \\|");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--?[A-Za-z][A-Za-z0-9-]*");
    private static final Set<String> STANDARD = Set.of("-h", "--help", "-V", "--version");

    /** The table's rows: command name to the option names written in its first cell. */
    static Map<String, Set<String>> readmeTable() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = lines.indexOf("## The `samlec` command");
        assertThat(start).as("README section").isNotNegative();
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                String cell = row.group(1);
                String name = cell.split("\\s+", 2)[0];
                Set<String> options = new TreeSet<>();
                Matcher option = OPTION.matcher(cell);
                while (option.find()) {
                    options.add(option.group());
                }
                assertThat(table.put(name, options)).as("command " + name + " in the table twice").isNull();
            }
        }
        return table;
    }

    private static Map<String, CommandSpec> commands() {
        Map<String, CommandSpec> result = new LinkedHashMap<>();
        SamlecCommand.commandLine().getSubcommands().forEach((name, cli) -> {
            if (!name.equals("help")) {
                result.put(name, cli.getCommandSpec());
            }
        });
        return result;
    }

    @Test
    void readmeTableWhenComparedWithTheCommandsThenSameCommandNames() throws IOException {
        assertThat(readmeTable().keySet()).containsExactlyInAnyOrderElementsOf(commands().keySet());
    }

    @Test
    void readmeTableWhenComparedWithEachCommandsOptionsThenEveryOptionAndNoOther() throws IOException {
        Map<String, Set<String>> table = readmeTable();
        Map<String, String> problems = new LinkedHashMap<>();
        commands().forEach((name, spec) -> {
            Set<String> written = table.getOrDefault(name, Set.of());
            List<OptionSpec> options = spec.options().stream()
                    .filter(o -> List.of(o.names()).stream().noneMatch(STANDARD::contains))
                    .collect(Collectors.toList());
            Set<String> missing = options.stream().filter(o -> List.of(o.names()).stream().noneMatch(written::contains))
                    .map(OptionSpec::longestName).collect(Collectors.toCollection(TreeSet::new));
            Set<String> known = options.stream().flatMap(o -> List.of(o.names()).stream()).collect(Collectors.toSet());
            Set<String> unknown = written.stream().filter(o -> !known.contains(o))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty() || !unknown.isEmpty()) {
                problems.put(name, "missing from the README table " + missing + ", not options of the command "
                        + unknown);
            }
        });
        assertThat(problems).isEmpty();
    }
}
