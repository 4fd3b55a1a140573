package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/samlec}, run by {@code /bin/sh}: where it finds the jar (next to itself, an installed layout through a
 * symbolic link on the PATH, the build tree), how it picks Java (JAVA_HOME) and passes JAVA_OPTS and the arguments
 * (a fake {@code java} that prints its arguments), and a real run of the command through it.
 */
@Timeout(120)
class LauncherScriptTest {
    /** The script in the source tree (tests run in the cli module's directory). */
    static final Path SCRIPT = Path.of("..", "bin", "samlec").toAbsolutePath().normalize();

    /** The JVM options the launcher gives short commands (before JAVA_OPTS). */
    static final String[] QUICK = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/bin/sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("JAVA_HOME");
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("SAMLEC_JAR");
        builder.environment().remove("SAMLEC_CLASSPATH");
        builder.environment().remove("XDG_CACHE_HOME");
        builder.environment().put("SAMLEC_CDS", "off"); // no archive in the user's cache unless a test asks
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** A JAVA_HOME whose bin/java prints each of its arguments on a line. */
    private Path fakeJavaHome() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("jdk");
    }

    private Path install(String scriptDir, String jarPath) throws IOException {
        Path script = Files.createDirectories(dir.resolve(scriptDir)).resolve("samlec");
        Files.copy(SCRIPT, script);
        Path jar = dir.resolve(jarPath);
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "not really a jar");
        return script;
    }

    @Test
    void launcherWhenJarNextToItThenRunsItWithJavaHomeJavaOptsAndTheArguments() throws Exception {
        Path script = install("app", "app/samlec.jar");
        Run r = run(script, Map.of("JAVA_HOME", fakeJavaHome().toString(), "JAVA_OPTS", "-Xmx64m  -Dx=y"),
                "curl", "two words", "-H", "X: *");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-Xmx64m", "-Dx=y", "-jar",
                dir.resolve("app").toRealPath().resolve("samlec.jar").toString(), "curl", "two words", "-H", "X: *");
    }

    @Test
    void launcherWhenSymlinkedOnThePathThenFindsTheInstalledLibJar() throws Exception {
        Path script = install("opt/samlec/bin", "opt/samlec/lib/samlec.jar");
        Path onPath = Files.createDirectories(dir.resolve("path")).resolve("samlec");
        Files.createSymbolicLink(onPath, script);
        Run r = run(onPath, Map.of("JAVA_HOME", fakeJavaHome().toString()), "--version");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.lines().get(3)).endsWith("/opt/samlec/bin/../lib/samlec.jar");
    }

    @Test
    void launcherWhenInASourceCheckoutThenFindsTheBuiltJar() throws Exception {
        Path script = install("checkout/bin", "checkout/cli/target/samlec.jar");
        Run r = run(script, Map.of("JAVA_HOME", fakeJavaHome().toString()));
        assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-jar", dir.resolve("checkout/bin").toRealPath()
                + "/../cli/target/samlec.jar");
    }

    @Test
    void launcherWhenNoJarThenExit127WithWhereItLooked() throws Exception {
        Path script = Files.createDirectories(dir.resolve("lonely")).resolve("samlec");
        Files.copy(SCRIPT, script);
        Run r = run(script, Map.of("JAVA_HOME", fakeJavaHome().toString()));
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.err()).startsWith("samlec: samlec.jar not found").contains("SAMLEC_JAR");
        Run named = run(script, Map.of("JAVA_HOME", fakeJavaHome().toString(), "SAMLEC_JAR",
                dir.resolve("missing.jar").toString()));
        assertThat(named.exitCode()).isEqualTo(127);
        assertThat(named.err()).contains("SAMLEC_JAR is ");
    }

    @Test
    void launcherWhenJavaHomeHasNoJavaThenExit127() throws Exception {
        Path script = install("app", "app/samlec.jar");
        Run r = run(script, Map.of("JAVA_HOME", dir.resolve("nojdk").toString()));
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.err()).contains("JAVA_HOME is ");
    }

    @Test
    void launcherWhenRealJavaThenTheCommandRunsAndItsExitCodesComeThrough() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "SAMLEC_CLASSPATH",
                System.getProperty("java.class.path"));
        Run version = run(SCRIPT, env, "--version");
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("samlec ");
        Run none = run(SCRIPT, env);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: samlec");
        Run usage = run(SCRIPT, env, "curl");
        assertThat(usage.exitCode()).isEqualTo(2);
    }
}
