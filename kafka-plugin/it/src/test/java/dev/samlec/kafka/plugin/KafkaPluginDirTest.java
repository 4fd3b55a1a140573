package dev.samlec.kafka.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * kafka-plugin/target/samlec-kafka-plugin/ holds exactly what Kafka's libs/ lacks: nothing Kafka ships (compared by
 * groupId:artifactId with kafka-plugin/kafka-libs, the closure of Kafka's Maven Central artifacts), and exactly the
 * artifacts of {@code plugin-manifest.txt}.
 */
class KafkaPluginDirTest {

    @Test
    void pluginDirWhenComparedWithKafkaLibsThenNoArtifactKafkaShips() {
        Set<String> kafka = MavenArtifact.readList(PluginBuild.kafkaLibsList()).stream().map(MavenArtifact::key)
                .collect(Collectors.toSet());

        List<String> plugin = MavenArtifact.readList(PluginBuild.pluginList()).stream().map(MavenArtifact::key)
                .toList();

        assertThat(kafka).contains("org.apache.kafka:kafka-clients", "org.slf4j:slf4j-api");
        assertThat(plugin).contains("dev.samlec:samlec-kafka").doesNotContainAnyElementsOf(kafka);
    }

    @Test
    void pluginDirWhenListedThenMatchesTheExpectedManifest() throws IOException {
        List<String> plugin = MavenArtifact.readList(PluginBuild.pluginList()).stream().map(MavenArtifact::key)
                .sorted().toList();

        assertThat(plugin).containsExactlyElementsOf(manifest());
    }

    @Test
    void pluginDirWhenReadFromDiskThenHoldsExactlyTheListedJars() throws IOException {
        Set<String> expected = MavenArtifact.readList(PluginBuild.pluginList()).stream()
                .map(MavenArtifact::fileName).collect(Collectors.toSet());

        try (Stream<Path> files = Files.list(PluginBuild.pluginDir())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("stale jars in the plugin dir? run mvn clean").containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void kafkaLibsWhenResolvedThenSameKafkaVersionAsSamlecBuildsAgainst() {
        String kafkaVersion = System.getProperty("samlec.kafka.version");

        assertThat(MavenArtifact.readList(PluginBuild.kafkaLibsList()))
                .filteredOn(a -> a.groupId().equals("org.apache.kafka")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.version()).isEqualTo(kafkaVersion));
    }

    private static List<String> manifest() throws IOException {
        try (InputStream in = KafkaPluginDirTest.class.getResourceAsStream("plugin-manifest.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
