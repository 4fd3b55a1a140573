package dev.samlec.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.samlec.testkit.DemoTls;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** A real HTTP or HTTPS server on 127.0.0.1, port 0, serving one metadata document at /md and counting requests. */
final class MetadataServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicInteger requests = new AtomicInteger();
    private final String scheme;
    private final byte[] document;

    private MetadataServer(HttpServer server, String scheme, byte[] document) {
        this.server = server;
        this.scheme = scheme;
        this.document = document.clone();
        server.createContext("/md", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /** Plain http. */
    static MetadataServer http(byte[] document) throws IOException {
        return new MetadataServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                "http", document);
    }

    /** https with {@code tls}'s server certificate (for localhost and 127.0.0.1, issued by its CA). */
    static MetadataServer https(DemoTls tls, byte[] document) throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(tls.serverKeyStore(), DemoTls.password());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new MetadataServer(server, "https", document);
    }

    /** The document's URL. */
    String url() {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/md";
    }

    /** How many requests reached the handler. */
    int requests() {
        return requests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
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
