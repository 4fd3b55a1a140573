package dev.samlec.kafka.plugin;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kafka installation made of the build's files: Kafka's libs/ (the Maven Central jars kafka-libs resolved) and
 * the plugin dir, the way an operator adds it ({@code CLASSPATH=<plugin dir>/*} before {@code kafka-server-start.sh}).
 */
final class KafkaInstallation {
    private final String classPath;

    private KafkaInstallation(String classPath) {
        this.classPath = classPath;
    }

    /** Kafka's libs and the plugin dir; nothing else. */
    static KafkaInstallation withPlugin() throws IOException {
        String libs = Files.readString(PluginBuild.kafkaLibsClasspath()).strip();
        return new KafkaInstallation(libs + File.pathSeparator + PluginBuild.pluginDir() + File.separator + "*");
    }

    String classPath() {
        return classPath;
    }

    /**
     * A Kafka tool or server in its own JVM. As kafka-run-class.sh does, log4j is configured by a file given in
     * {@code log4j2.configurationFile}; here it sends WARN and samlec's INFO lines to the process output.
     */
    JavaProcess run(String name, Path workDir, List<String> jvmOptions, String main, List<String> args, String stdin)
            throws IOException {
        Path log4j = workDir.resolve("log4j2.properties");
        if (!Files.exists(log4j)) {
            Files.writeString(log4j, String.join("\n",
                    "status = warn",
                    "appender.out.type = Console",
                    "appender.out.name = OUT",
                    "appender.out.target = SYSTEM_ERR",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = [%d{HH:mm:ss.SSS}] %p %m (%c)%n",
                    "rootLogger.level = warn",
                    "rootLogger.appenderRef.out.ref = OUT",
                    "logger.samlec.name = dev.samlec",
                    "logger.samlec.level = info", ""));
        }
        List<String> options = new java.util.ArrayList<>(List.of("-Dlog4j2.configurationFile=" + log4j,
                "-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        options.addAll(jvmOptions);
        return JavaProcess.start(name, workDir, classPath, options, main, args, stdin);
    }
}
