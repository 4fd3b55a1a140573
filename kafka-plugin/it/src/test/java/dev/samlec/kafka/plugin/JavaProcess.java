package dev.samlec.kafka.plugin;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child {@code java} process with Kafka's libs and the plugin dir on its class path, as Kafka's scripts start
 * one ({@code kafka-run-class.sh}: {@code java <options> -cp <libs> <main> <args>}), its standard output and error
 * in one file. {@link #close()} ends it (and its descendants) if it still runs.
 */
final class JavaProcess implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path output;
    /** Kills the process if the test JVM ends without {@link #close()} (killed, System.exit). */
    private final Thread killOnExit;

    private JavaProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.killOnExit = new Thread(process::destroyForcibly, "kill " + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code main} with these arguments.
     *
     * @param classPath the class path ({@code -cp})
     * @param jvmOptions options before {@code -cp} (system properties, heap)
     * @param stdin what the process reads on its standard input, then end of file
     */
    static JavaProcess start(String name, Path workDir, String classPath, List<String> jvmOptions, String main,
            List<String> args, String stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath);
        command.add(main);
        command.addAll(args);
        Path output = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("CLASSPATH");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the process may already have ended; its output says why
        }
        return new JavaProcess(name, process, output);
    }

    /** Waits until the process ends and returns its exit code; ends it and fails after {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            close();
            throw new IllegalStateException(name + " still runs after " + timeout + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + "[pid " + process.pid() + "]";
    }

    /** Asks the process to stop (SIGTERM), and kills it if it still runs after a few seconds. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
