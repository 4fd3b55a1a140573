package dev.samlec.cli;

import static dev.samlec.cli.LauncherScriptTest.QUICK;
import static dev.samlec.cli.LauncherScriptTest.SCRIPT;
import static dev.samlec.cli.LauncherScriptTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.samlec.cli.LauncherScriptTest.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's quick start for short commands: C1 and the serial collector, and the class-data-sharing archive
 * made by a training run in the user's cache directory. A fake {@code java} records the training runs and (when
 * {@code FAKE_DUMP} is set) writes the archive the way the JVM does at exit; the last tests run a real JVM on a small
 * jar, with a real archive and with one the JVM cannot use.
 */
@Timeout(120)
class LauncherArchiveTest {
    private static final String TRAINING_CLASS = "dev.samlec.cli.CdsTraining";

    @TempDir
    Path dir;

    private Path jar;
    private Path calls;

    /** A JAVA_HOME whose bin/java logs a training run (and writes its archive if FAKE_DUMP is set), else prints
     * each argument on a line. */
    private Path fakeJavaHome() throws IOException {
        calls = dir.resolve("calls.log");
        Path bin = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\n"
                + "for a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*)\n"
                + "  printf '%s\\n' \"$*\" >>'" + calls + "'\n"
                + "  if [ -n \"${FAKE_DUMP:-}\" ]; then printf 'archive' >\"${a#-XX:ArchiveClassesAtExit=}\"; fi\n"
                + "  exit 0 ;; esac; done\n"
                + "for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(dir.resolve("samlec.jar"), "not really a jar");
        return dir.resolve("jdk");
    }

    private Map<String, String> env(String... pairs) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_HOME", fakeJavaHome().toString());
        env.put("SAMLEC_JAR", jar.toString());
        env.put("SAMLEC_CDS", "on");
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private List<String> trainingRuns() throws IOException {
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private static List<Path> archives(Path cacheDir) throws IOException {
        if (!Files.isDirectory(cacheDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).collect(Collectors.toList());
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shortCommandWhenNoArchiveThenOneTrainingRunMakesAPrivateArchiveThatLaterRunsUse() throws Exception {
        Map<String, String> env = env("FAKE_DUMP", "1", "JAVA_OPTS", "-Dx=y");

        Run first = run(SCRIPT, env, "verify", "a.xml");
        Run second = run(SCRIPT, env, "curl", "https://sp.example/");

        Path cacheDir = dir.resolve("cache/samlec");
        List<Path> archives = archives(cacheDir);
        assertThat(archives).hasSize(1);
        Path archive = archives.get(0);
        assertThat(archive.getFileName().toString()).matches("samlec-[0-9]+-java[0-9A-Za-z._+-]+\\.jsa");
        assertThat(mode(cacheDir)).isEqualTo("rwx------");
        assertThat(mode(archive)).isEqualTo("rw-------");
        assertThat(trainingRuns()).hasSize(1);
        assertThat(trainingRuns().get(0)).startsWith(QUICK[0] + " " + QUICK[1] + " -Dx=y -XX:ArchiveClassesAtExit=")
                .endsWith(" -cp " + jar + " " + TRAINING_CLASS);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).isEmpty();
        assertThat(first.lines()).containsExactly(QUICK[0], QUICK[1], "-Xshare:auto", "-Xlog:cds*=off",
                "-XX:SharedArchiveFile=" + archive, "-Dx=y", "-jar", jar.toString(), "verify", "a.xml");
        assertThat(second.lines()).contains("-XX:SharedArchiveFile=" + archive).endsWith("curl", "https://sp.example/");
    }

    @Test
    void serverCommandsWhenRunThenNoQuickStartOptionsAndNoTraining() throws Exception {
        Map<String, String> env = env("FAKE_DUMP", "1", "JAVA_OPTS", "-Dx=y");
        for (String command : List.of("idp", "sp", "demo")) {
            Run r = run(SCRIPT, env, command, "--port", "0");
            assertThat(r.lines()).containsExactly("-Dx=y", "-jar", jar.toString(), command, "--port", "0");
        }
        assertThat(trainingRuns()).isEmpty();
        assertThat(dir.resolve("cache/samlec")).doesNotExist();
    }

    @Test
    void shortCommandWhenTrainingMakesNoArchiveThenRunsWithoutOneAndDoesNotRetry() throws Exception {
        Map<String, String> env = env();

        Run first = run(SCRIPT, env, "verify");
        Run second = run(SCRIPT, env, "verify");

        assertThat(trainingRuns()).hasSize(1);
        assertThat(archives(dir.resolve("cache/samlec"))).isEmpty();
        for (Run r : List.of(first, second)) {
            assertThat(r.exitCode()).isZero();
            assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-jar", jar.toString(), "verify");
        }
    }

    @Test
    void archiveWhenWritableByOthersOrASymbolicLinkThenNotUsed() throws Exception {
        Map<String, String> env = env("FAKE_DUMP", "1");
        run(SCRIPT, env, "verify");
        Path archive = archives(dir.resolve("cache/samlec")).get(0);

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(run(SCRIPT, env, "verify").lines()).noneMatch(a -> a.contains("SharedArchiveFile"));

        Files.setPosixFilePermissions(archive, PosixFilePermissions.fromString("rw-------"));
        assertThat(run(SCRIPT, env, "verify").lines()).contains("-XX:SharedArchiveFile=" + archive);

        Path elsewhere = Files.writeString(dir.resolve("planted.jsa"), "archive");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-------"));
        Files.delete(archive);
        Files.createSymbolicLink(archive, elsewhere);
        assertThat(run(SCRIPT, env, "verify").lines()).noneMatch(a -> a.contains("SharedArchiveFile"));
        assertThat(trainingRuns()).hasSize(1);
    }

    @Test
    void cacheDirectoryWhenWritableByOthersThenNoArchiveMadeOrUsed() throws Exception {
        Map<String, String> env = env("FAKE_DUMP", "1");
        Path cacheDir = Files.createDirectories(dir.resolve("cache/samlec"));
        Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwxrwxrwx"));

        Run r = run(SCRIPT, env, "verify");

        assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-jar", jar.toString(), "verify");
        assertThat(trainingRuns()).isEmpty();
        assertThat(archives(cacheDir)).isEmpty();
    }

    @Test
    void cacheDirectoryWhenOwnedByAnotherUserThenNoArchiveMadeOrUsed() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing a directory's owner needs root");
        Map<String, String> env = env("FAKE_DUMP", "1");
        Path cacheDir = Files.createDirectories(dir.resolve("cache/samlec"));
        Files.setPosixFilePermissions(cacheDir, PosixFilePermissions.fromString("rwx------"));
        UserPrincipal nobody = cacheDir.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody");
        Files.setOwner(cacheDir, nobody);

        Run r = run(SCRIPT, env, "verify");

        assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-jar", jar.toString(), "verify");
        assertThat(trainingRuns()).isEmpty();
    }

    @Test
    void cacheWhenNotWritableThenCommandRunsWithoutArchive() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "");
        Map<String, String> env = env("FAKE_DUMP", "1", "XDG_CACHE_HOME", file.resolve("cache").toString());

        Run r = run(SCRIPT, env, "verify");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.lines()).containsExactly(QUICK[0], QUICK[1], "-jar", jar.toString(), "verify");
        assertThat(trainingRuns()).isEmpty();
    }

    @Test
    void cacheWhenXdgCacheHomeRelativeThenHomeCacheUsed() throws Exception {
        Path home = Files.createDirectories(dir.resolve("my home"));
        Map<String, String> env = env("FAKE_DUMP", "1", "XDG_CACHE_HOME", "relative/cache", "HOME", home.toString());

        Run r = run(SCRIPT, env, "verify");

        List<Path> archives = archives(home.resolve(".cache/samlec"));
        assertThat(archives).hasSize(1);
        assertThat(r.lines()).contains("-XX:SharedArchiveFile=" + archives.get(0));
    }

    @Test
    void archiveWhenSamlecCdsOffOrJavaOptsChooseSharingThenNoneMadeOrAdded() throws Exception {
        for (Map<String, String> env : List.of(env("FAKE_DUMP", "1", "SAMLEC_CDS", "off"),
                env("FAKE_DUMP", "1", "JAVA_OPTS", "-Xshare:off"),
                env("FAKE_DUMP", "1", "JAVA_OPTS", "-XX:SharedArchiveFile=/tmp/mine.jsa"))) {
            Run r = run(SCRIPT, env, "verify");
            assertThat(r.lines()).noneMatch(a -> a.contains("-Xlog:cds") || a.contains("samlec-"));
        }
        assertThat(trainingRuns()).isEmpty();
        assertThat(archives(dir.resolve("cache/samlec"))).isEmpty();
    }

    /** A jar whose main class is {@link LauncherProbe}; it has no training class, so its training run fails. */
    private Path probeJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        Path probe = dir.resolve("probe.jar");
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(probe); JarOutputStream jarOut = new JarOutputStream(out, manifest);
                InputStream in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
        return probe;
    }

    @Test
    void realJavaWhenArchiveMadeThenUsedAndExitCodesAndStreamsComeThrough() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "SAMLEC_JAR",
                probeJar().toString(), "SAMLEC_CDS", "on", "XDG_CACHE_HOME", dir.resolve("cache").toString());

        Run first = run(SCRIPT, env, "verify", "x", "3");
        // The training class is missing from this jar, but the JVM still writes its archive at exit.
        List<Path> archives = archives(dir.resolve("cache/samlec"));
        Run second = run(SCRIPT, env, "verify", "2");
        Run server = run(SCRIPT, env, "sp", "0");

        assertThat(first.exitCode()).isEqualTo(3);
        assertThat(first.out()).isEqualTo("probe verify x 3\n");
        assertThat(first.err()).isEmpty();
        assertThat(archives).hasSize(1);
        assertThat(mode(archives.get(0))).isEqualTo("rw-------");
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.out()).isEqualTo("probe verify 2\n");
        assertThat(second.err()).isEmpty();
        assertThat(server.exitCode()).isZero();
        assertThat(server.out()).isEqualTo("probe sp 0\n");
    }

    @Test
    void realJavaWhenArchiveUnusableThenCommandRunsSilently() throws Exception {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"), "SAMLEC_JAR",
                probeJar().toString(), "SAMLEC_CDS", "on", "XDG_CACHE_HOME", dir.resolve("cache").toString());
        run(SCRIPT, env, "verify");
        Path archive = archives(dir.resolve("cache/samlec")).get(0);

        // Foreign bytes where the archive was (another JVM's archive, a truncated file): the JVM must ignore it.
        Files.writeString(archive, "not an archive of this JVM");
        Run foreign = run(SCRIPT, env, "verify", "1");
        // A rebuilt jar (another size or time) gets an archive of its own; the old one is left alone.
        Files.setLastModifiedTime(Path.of(env.get("SAMLEC_JAR")), FileTime.fromMillis(0));
        Run rebuilt = run(SCRIPT, env, "verify", "2");

        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.out()).isEqualTo("probe verify 1\n");
        assertThat(foreign.err()).isEmpty();
        assertThat(rebuilt.exitCode()).isEqualTo(2);
        assertThat(rebuilt.out()).isEqualTo("probe verify 2\n");
        assertThat(rebuilt.err()).isEmpty();
        assertThat(archives(dir.resolve("cache/samlec"))).hasSize(2);
    }
}
