package dev.samlec.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link TempFiles}: trees deleted by their owner, and by the shutdown hook when a JVM is stopped by a signal. */
class TempFilesTest {
    /** A JVM that makes a tree through {@link TempFiles}, prints its path, then waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Path dir = TempFiles.createDirectory("samlec-tempfiles-test-");
            Files.writeString(Files.createDirectories(dir.resolve("a/b")).resolve("file"), "x");
            System.out.println(dir);
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(2));
        }
    }

    @Test
    void deleteRecursivelyThenTreeGone() throws Exception {
        Path dir = TempFiles.createDirectory("samlec-tempfiles-test-");
        Files.writeString(Files.createDirectories(dir.resolve("x/y")).resolve("file"), "x");

        TempFiles.deleteRecursively(dir);
        TempFiles.deleteRecursively(dir); // again: nothing to do
        TempFiles.deleteRecursively(null);

        assertThat(dir).doesNotExist();
    }

    @Test
    void jvmStoppedBySigtermThenItsTreeIsDeleted() throws Exception {
        Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path dir;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                dir = Path.of(out.readLine());
                assertThat(dir.resolve("a/b/file")).exists();

                child.destroy(); // SIGTERM on Unix: the JVM runs its shutdown hooks
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }

            assertThat(dir).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }
}
