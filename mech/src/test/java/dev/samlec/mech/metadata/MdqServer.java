package dev.samlec.mech.metadata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback MDQ-style server (port 0): {@code GET /mdq/entities/{percent-encoded entityID or {sha1}hex}} answers the
 * document registered for that entity with an ETag (304 to a matching If-None-Match), 404 for others; it counts
 * requests per entity, records request paths and Accept headers, and can answer an HTTP status or hold answers.
 */
final class MdqServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile CountDownLatch hold;
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    MdqServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/mdq/entities/", this::handle);
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mdq");
    }

    /** Answers {@code document} for {@code entityId} (under its plain and its {sha1} identifier). */
    void serve(String entityId, byte[] document) {
        documents.put(entityId, document.clone());
        documents.put("{sha1}" + sha1(entityId), document.clone());
        status = 200;
    }

    void fail(int code) {
        status = code;
    }

    void holdAnswers() {
        arrived = new CountDownLatch(1);
        hold = new CountDownLatch(1);
    }

    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    boolean awaitArrival() throws InterruptedException {
        return arrived.await(10, TimeUnit.SECONDS);
    }

    int requests() {
        return requests.get();
    }

    int requests(String entityId) {
        AtomicInteger n = counts.get(entityId);
        return n == null ? 0 : n.get();
    }

    int notModified() {
        return notModified.get();
    }

    List<String> paths() {
        return paths;
    }

    List<String> accepts() {
        return accepts;
    }

    static String sha1(String entityId) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(entityId.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String raw = exchange.getRequestURI().getRawPath();
            paths.add(raw);
            accepts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
            String id = URLDecoder.decode(raw.substring("/mdq/entities/".length()), StandardCharsets.UTF_8);
            counts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch h = hold;
            arrived.countDown();
            if (h != null) {
                try {
                    h.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] document = documents.get(id);
            if (status != 200 || document == null) {
                int code = status != 200 ? status : 404;
                byte[] body = ("error " + code).getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(code, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            String etag = "\"" + sha1(new String(document, StandardCharsets.ISO_8859_1)).substring(0, 16) + "\"";
            exchange.getResponseHeaders().add("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, document.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(document);
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
