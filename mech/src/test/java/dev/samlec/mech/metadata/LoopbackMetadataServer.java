package dev.samlec.mech.metadata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the loopback metadata test servers ({@link MetadataServer}, {@link MdqServer}) share: a JDK HttpServer on port
 * 0 with one context, request and 304 counts, an HTTP status answered instead of documents ({@link #fail(int)}), and
 * answers held until released (a slow server). Each request is counted, {@linkplain #record recorded}, held if asked,
 * then answered with the failure status or by {@link #answer}.
 */
abstract class LoopbackMetadataServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private volatile int status = 200;
    private volatile CountDownLatch hold;
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    LoopbackMetadataServer(String context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(context, this::handle);
        server.start();
    }

    /** {@code path} on this server. */
    final URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Answers {@code code} with a short text body instead of documents. */
    final void fail(int code) {
        status = code;
    }

    /** Answers documents again (after {@link #fail(int)}). */
    final void answerDocuments() {
        status = 200;
    }

    /** Holds every answer until {@link #release()}; {@link #awaitArrival()} returns once a request is waiting. */
    final void holdAnswers() {
        arrived = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    final void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    final boolean awaitArrival() throws InterruptedException {
        return arrived.await(10, TimeUnit.SECONDS);
    }

    final int requests() {
        return requests.get();
    }

    final int notModified() {
        return notModified.get();
    }

    /** Notes what the test asserts on, before the answer is held. */
    abstract void record(HttpExchange exchange);

    /** Answers a request while no failure status is set. */
    abstract void answer(HttpExchange exchange) throws IOException;

    /** Answers 304 and counts it. */
    final void sendNotModified(HttpExchange exchange) throws IOException {
        notModified.incrementAndGet();
        exchange.sendResponseHeaders(304, -1);
    }

    static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    static void sendError(HttpExchange exchange, int code) throws IOException {
        send(exchange, code, ("error " + code).getBytes(StandardCharsets.US_ASCII));
    }

    /** The hex digest of {@code bytes} with {@code algorithm}, its first {@code length} bytes. */
    static String hex(String algorithm, byte[] bytes, int length) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes), 0, length);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            record(exchange);
            CountDownLatch h = hold;
            arrived.countDown();
            if (h != null) {
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (status != 200) {
                sendError(exchange, status);
                return;
            }
            answer(exchange);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
