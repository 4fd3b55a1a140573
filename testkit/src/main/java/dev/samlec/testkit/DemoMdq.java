package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A demo Metadata Query (MDQ) service on 127.0.0.1, port 0 (http, or https with a {@link DemoTls} server certificate),
 * for tests and demos: {@code GET /mdq/entities/{percent-encoded entityID}} answers the document registered for that
 * entity with {@code Content-Type: application/samlmetadata+xml}, 404 for any other; it records the path of every
 * request. The documents are served as given: sign them (e.g. {@link FederationMetadataBuilder}) as a federation's
 * MDQ service would.
 */
public final class DemoMdq implements AutoCloseable {
    private static final String ENTITIES = "/mdq/entities/";
    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    private DemoMdq(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext(ENTITIES, this::answer);
        server.setExecutor(executor);
        server.start();
    }

    /** Plain http. */
    public static DemoMdq http() throws IOException {
        return new DemoMdq(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    /** https with {@code tls}'s server certificate (for 127.0.0.1, issued by its CA). */
    public static DemoMdq https(DemoTls tls) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.serverKeyStore(), DemoTls.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new DemoMdq(server, "https");
    }

    /** The base URL (an MDQ client asks for {@code <url>/entities/<percent-encoded entityID>}). */
    public String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/mdq";
    }

    /** Answers {@code document} for {@code entityId} from now on. */
    public void serve(String entityId, byte[] document) {
        documents.put(entityId, document.clone());
    }

    /** Answers 404 for {@code entityId} from now on. */
    public void forget(String entityId) {
        documents.remove(entityId);
    }

    /** The path an MDQ client asks for {@code entityId} at. */
    public static String path(String entityId) {
        return ENTITIES + URLEncoder.encode(entityId, StandardCharsets.UTF_8);
    }

    /** The paths of every request so far, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** How many requests asked for {@code entityId}. */
    public long requests(String entityId) {
        return paths.stream().filter(path(entityId)::equals).count();
    }

    /** The entityIDs asked for so far, decoded, in order. */
    public List<String> asked() {
        return paths.stream().map(p -> URLDecoder.decode(p.substring(ENTITIES.length()), StandardCharsets.UTF_8))
                .toList();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String raw = exchange.getRequestURI().getRawPath();
            paths.add(raw);
            byte[] document = documents.get(URLDecoder.decode(raw.substring(ENTITIES.length()),
                    StandardCharsets.UTF_8));
            if (!"GET".equals(exchange.getRequestMethod()) || document == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
