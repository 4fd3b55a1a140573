package dev.samlec.kafka.plugin;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the plugin dir, Kafka's class path and the samples (surefire system properties). */
final class PluginBuild {
    private PluginBuild() {
    }

    static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run the test with Maven");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " (" + property + ") does not exist; build kafka-plugin first");
        }
        return path;
    }

    /** Deletes a test's directory and everything in it (nothing if {@code dir} is null). */
    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path pluginDir() {
        return path("samlec.plugin.dir");
    }

    static Path pluginList() {
        return path("samlec.plugin.list");
    }

    static Path kafkaLibsList() {
        return path("samlec.kafka.libs.list");
    }

    static Path kafkaLibsClasspath() {
        return path("samlec.kafka.libs.classpath");
    }

    static Path samples() {
        return path("samlec.kafka.samples");
    }
}
