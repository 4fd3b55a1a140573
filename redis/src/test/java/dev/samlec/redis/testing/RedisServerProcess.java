package dev.samlec.redis.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Debian {@code redis-server} on a private loopback port and a temporary directory, without persistence;
 * installed first by the project's {@code .ci/install-redis} when missing. {@link #stop} and {@link #start} again
 * keep the port, so clients can be shown to recover. Close it to stop the server.
 */
public final class RedisServerProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final List<String> extraArgs;
    private final boolean tls;
    private Process process;

    private RedisServerProcess(Path dir, int port, boolean tls, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.extraArgs = extraArgs;
    }

    /** A plain server with these extra {@code redis-server} arguments (e.g. {@code --requirepass x}). */
    public static RedisServerProcess startPlain(String... extraArgs) throws Exception {
        RedisServerProcess p = new RedisServerProcess(Files.createTempDirectory("samlec-redis"), freePort(), false,
                List.of(extraArgs));
        p.start();
        return p;
    }

    /** A TLS-only server with the key and certificate of {@link TestCertificates}, and these extra arguments. */
    public static RedisServerProcess startTls(TestCertificates certs, String... extraArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--tls-cert-file", certs.certificate().toString(),
                "--tls-key-file", certs.key().toString(), "--tls-ca-cert-file", certs.certificate().toString(),
                "--tls-auth-clients", "no"));
        args.addAll(List.of(extraArgs));
        RedisServerProcess p = new RedisServerProcess(Files.createTempDirectory("samlec-redis"), freePort(), true,
                List.copyOf(args));
        p.start();
        return p;
    }

    public URI uri() {
        return URI.create((tls ? "rediss" : "redis") + "://127.0.0.1:" + port);
    }

    public synchronized void start() throws Exception {
        ensureInstalled();
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--loglevel", "warning"));
        if (tls) {
            command.addAll(List.of("--port", "0", "--tls-port", String.valueOf(port)));
        } else {
            command.addAll(List.of("--port", String.valueOf(port)));
        }
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not listen on " + port + " within 15 s");
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private static void ensureInstalled() throws Exception {
        if (onPath("redis-server")) {
            return;
        }
        Path script = Path.of("..", ".ci", "install-redis").toAbsolutePath().normalize();
        Process install = new ProcessBuilder("bash", script.toString()).inheritIO().start();
        if (!install.waitFor(10, TimeUnit.MINUTES) || install.exitValue() != 0 || !onPath("redis-server")) {
            throw new IllegalStateException("redis-server is not installed and " + script + " could not install it");
        }
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
