package dev.samlec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The code a user copies ({@code dev.samlec.examples.standalone}) depends on samlec's published modules only:
 * no source file there may name {@code dev.samlec.testkit} (the demo IdP and directory belong to the harnesses).
 */
class StandaloneSourcesTest {
    private static final Path STANDALONE = Path.of("src/main/java/dev/samlec/examples/standalone");

    @Test
    void standaloneSourcesWhenScannedThenNoneNamesTheTestkit() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.list(STANDALONE)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertThat(sources).as("sources under %s", STANDALONE.toAbsolutePath()).hasSizeGreaterThan(4);
        for (Path source : sources) {
            List<String> lines = Files.readAllLines(source);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).as("%s line %d", source, i + 1).doesNotContain("dev.samlec.testkit");
            }
        }
    }
}
