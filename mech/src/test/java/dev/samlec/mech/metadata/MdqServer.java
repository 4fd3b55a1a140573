package dev.samlec.mech.metadata;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback MDQ-style server (port 0): {@code GET /mdq/entities/{percent-encoded entityID or {sha1}hex}} answers the
 * document registered for that entity with an ETag (304 to a matching If-None-Match), 404 for others; it counts
 * requests per entity, records request paths and Accept headers, and can answer an HTTP status or hold answers.
 */
final class MdqServer extends LoopbackMetadataServer {
    private static final String ENTITIES = "/mdq/entities/";
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<String> accepts = new CopyOnWriteArrayList<>();

    MdqServer() throws IOException {
        super(ENTITIES);
    }

    URI base() {
        return uri("/mdq");
    }

    /** Answers {@code document} for {@code entityId} (under its plain and its {sha1} identifier). */
    void serve(String entityId, byte[] document) {
        documents.put(entityId, document.clone());
        documents.put("{sha1}" + sha1(entityId), document.clone());
        answerDocuments();
    }

    int requests(String entityId) {
        AtomicInteger n = counts.get(entityId);
        return n == null ? 0 : n.get();
    }

    List<String> paths() {
        return paths;
    }

    List<String> accepts() {
        return accepts;
    }

    static String sha1(String entityId) {
        return hex("SHA-1", entityId.getBytes(StandardCharsets.UTF_8), 20);
    }

    @Override
    void record(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        paths.add(raw);
        accepts.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
        counts.computeIfAbsent(entityId(exchange), k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    void answer(HttpExchange exchange) throws IOException {
        byte[] document = documents.get(entityId(exchange));
        if (document == null) {
            sendError(exchange, 404);
            return;
        }
        String etag = "\"" + hex("SHA-256", document, 8) + "\"";
        exchange.getResponseHeaders().add("ETag", etag);
        if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
            sendNotModified(exchange);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
        send(exchange, 200, document);
    }

    private static String entityId(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        return URLDecoder.decode(raw.substring(ENTITIES.length()), StandardCharsets.UTF_8);
    }
}
