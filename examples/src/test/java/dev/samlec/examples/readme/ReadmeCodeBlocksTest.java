package dev.samlec.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Docs that compile: every {@code ```java} block of {@code README.md} compiles against this module's test class
 * path (every samlec module, ApacheDS, Kafka), and every command block is listed in {@link ShellCommands#TABLE}
 * with the test, CI step or interop check that runs it.
 *
 * <h2>Adding a Java block</h2>
 * A block that is a whole file (it starts with {@code package}, {@code import} or a type declaration) compiles as
 * it is. Any other block is compiled as the body of {@code void block() throws Exception} in a class of its own,
 * so it needs its imports and the variables it uses but does not declare. Give them in an HTML comment that ends
 * on the line right before the fence (GitHub does not render it):
 * <pre>
 * &lt;!-- java-preamble
 * import dev.samlec.sasl.*;
 * import javax.security.auth.callback.CallbackHandler;
 * CallbackHandler handler;
 * --&gt;
 * ```java
 * SamlecSaslProvider.install();
 * ...
 * ```
 * </pre>
 * Lines starting with {@code import } are the file's imports; every other line becomes a member of the wrapping
 * class, so {@code Type name;} declares a variable the block may use (fields need no value) and a helper method
 * can be written there too. The opening line is exactly {@code <!-- java-preamble}, the closing line exactly
 * {@code -->}. A failure names the block, the README line and javac's message, e.g.
 * {@code block 7 (```java at README.md line 120): README.md line 123 `login.run();`: cannot find symbol ...}.
 *
 * <h2>Adding a command</h2>
 * A block fenced with {@code ```sh}, {@code ```bash}, {@code ```shell}, {@code ```console} or with no language is
 * a command a user runs: add its exact text to {@link ShellCommands#TABLE} with what runs it. A block that is not
 * a command (a diagram, a config file) gets a language of its own ({@code ```text}, {@code ```properties}).
 */
class ReadmeCodeBlocksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = ROOT.resolve("README.md");

    private static List<ReadmeBlock> readme() throws IOException {
        return ReadmeBlocks.parse(Files.readAllLines(README, StandardCharsets.UTF_8));
    }

    private static SnippetCompiler compiler() {
        return new SnippetCompiler(System.getProperty("java.class.path"), Path.of("target", "readme-blocks"));
    }

    @Test
    @Timeout(300)
    void javaBlocksWhenCompiledThenEveryOneCompiles() throws IOException {
        List<ReadmeBlock> java = readme().stream().filter(b -> b.language().equals("java")).toList();
        SnippetCompiler compiler = compiler();
        List<String> errors = new ArrayList<>();
        for (ReadmeBlock block : java) {
            errors.addAll(compiler.compile(block));
        }

        assertThat(java).as("```java blocks in %s", README).isNotEmpty();
        assertThat(errors).as("README.md Java blocks that do not compile (see ReadmeCodeBlocksTest's Javadoc for"
                + " preambles)").isEmpty();
    }

    @Test
    void commandBlocksWhenListedThenEveryOneIsInTheTable() throws IOException {
        List<String> missing = new ArrayList<>();
        for (ReadmeBlock block : readme()) {
            if (ShellCommands.SHELL_LANGUAGES.contains(block.language())
                    && !ShellCommands.TABLE.containsKey(block.text().strip())) {
                missing.add(block.where() + " is not in ShellCommands.TABLE: add it with the test that runs it,"
                        + " or give a block that is not a command a language such as ```text:\n" + block.text());
            }
        }

        assertThat(missing).as("README.md command blocks without a test").isEmpty();
    }

    @Test
    void commandTableWhenCheckedThenEveryEntryIsInTheReadmeAndItsEvidenceExists() throws IOException {
        Set<String> commands = new TreeSet<>();
        for (ReadmeBlock block : readme()) {
            if (ShellCommands.SHELL_LANGUAGES.contains(block.language())) {
                commands.add(block.text().strip());
            }
        }
        List<String> problems = new ArrayList<>();
        ShellCommands.TABLE.forEach((command, exercise) -> {
            if (!commands.contains(command)) {
                problems.add("ShellCommands.TABLE lists a command the README no longer has: " + command);
            }
            for (ShellCommands.Evidence evidence : exercise.evidence()) {
                Path file = ROOT.resolve(evidence.file());
                try {
                    if (!Files.readString(file, StandardCharsets.UTF_8).contains(evidence.text())) {
                        problems.add(command + ": " + evidence.file() + " no longer contains `" + evidence.text()
                                + "` (" + exercise.how() + ")");
                    }
                } catch (IOException e) {
                    problems.add(command + ": " + evidence.file() + " is unreadable: " + e);
                }
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void compileWhenBlockHasAnErrorThenMessageNamesBlockReadmeLineAndJavac() throws IOException {
        List<String> markdown = List.of("# t", "", "<!-- java-preamble", "import java.util.List;", "List<String> names;",
                "-->", "```java", "int n = names.size();", "String s = n;", "```");
        ReadmeBlock block = ReadmeBlocks.parse(markdown).get(0);

        List<String> errors = compiler().compile(block);

        assertThat(block.preamble()).containsExactly("import java.util.List;", "List<String> names;");
        assertThat(errors).singleElement().asString()
                .startsWith("block 1 (```java at README.md line 7): README.md line 9 `String s = n;`: ")
                .contains("incompatible types");
    }

    @Test
    void compileWhenRunAsLambdaReturnsNothingThenRefusedAsTheOldReadmeWas() throws IOException {
        List<String> markdown = List.of("<!-- java-preamble", "import dev.samlec.jaas.SamlecLogin;",
                "import javax.security.auth.Subject;", "Subject subject;", "-->", "```java",
                "SamlecLogin.runAs(subject, () -> { /* create and drive the SAML20EC SaslClient here */ });", "```");

        List<String> errors = compiler().compile(ReadmeBlocks.parse(markdown).get(0));

        assertThat(errors).isNotEmpty().allSatisfy(e -> assertThat(e).startsWith(
                "block 1 (```java at README.md line 6): README.md line 7 `SamlecLogin.runAs(subject, () -> {"));
    }

    @Test
    void compileWhenWholeFileOrPreambleMemberThenCompiles() throws IOException {
        List<String> markdown = List.of("```java", "import java.util.List;", "public class Names {",
                "    List<String> names = List.of();", "}", "```", "<!-- java-preamble", "String greet() {",
                "    return \"hi\";", "}", "-->", "```java", "String s = greet();", "```");

        List<ReadmeBlock> blocks = ReadmeBlocks.parse(markdown);

        assertThat(compiler().compile(blocks.get(0))).isEmpty();
        assertThat(compiler().compile(blocks.get(1))).isEmpty();
    }

    @Test
    void parseWhenCommentIsNotRightBeforeTheFenceThenNoPreamble() {
        List<String> markdown = List.of("<!-- java-preamble", "int x;", "-->", "", "```java", "x++;", "```",
                "```", "unclosed? no: closed", "```");

        List<ReadmeBlock> blocks = ReadmeBlocks.parse(markdown);

        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).preamble()).isEmpty();
        assertThat(blocks.get(1).language()).isEmpty();
        assertThat(blocks.get(1).fenceLine()).isEqualTo(8);
    }
}
