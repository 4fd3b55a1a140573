package dev.samlec.kafka.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One line of {@code mvn dependency:list}: {@code group:artifact:type[:classifier]:version:scope}. */
record MavenArtifact(String groupId, String artifactId, String classifier, String version) {

    /** The artifacts of a {@code dependency:list} output file. */
    static List<MavenArtifact> readList(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith("   ") && !l.isBlank())
                    .map(l -> parse(l.strip().split("\\s+")[0])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MavenArtifact parse(String coordinates) {
        String[] parts = coordinates.split(":");
        if (parts.length == 5) {
            return new MavenArtifact(parts[0], parts[1], "", parts[3]);
        }
        if (parts.length == 6) {
            return new MavenArtifact(parts[0], parts[1], parts[3], parts[4]);
        }
        throw new IllegalArgumentException("not a dependency:list line: " + coordinates);
    }

    /** {@code groupId:artifactId}, the identity Kafka's libs/ and the plugin dir are compared by. */
    String key() {
        return groupId + ":" + artifactId;
    }

    /** The file name {@code copy-dependencies} gives the jar. */
    String fileName() {
        return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
    }
}
