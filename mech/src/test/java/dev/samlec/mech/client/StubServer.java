package dev.samlec.mech.client;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;

/** A real HTTP(S) server on 127.0.0.1, port 0, answering by exact path and recording every request. */
final class StubServer implements AutoCloseable {
    /** A received request. */
    record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body,
            List<Certificate> clientCertificates) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        static Reply of(int status, String contentType, byte[] body) {
            Map<String, String> h = new LinkedHashMap<>();
            if (contentType != null) {
                h.put("Content-Type", contentType);
            }
            return new Reply(status, h, body);
        }

        static Reply of(int status, String contentType, String body) {
            return of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }

        static Reply redirect(int status, String location) {
            return of(status, null, new byte[0]).with("Location", location);
        }

        Reply with(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Reply(status, h, body);
        }
    }

    /** Produces the answer to a request. */
    interface Handler {
        Reply handle(Request request) throws Exception;
    }

    /** A reply header that makes the stub send its body chunked, without Content-Length (not sent itself). */
    static final String CHUNKED = "X-Stub-Chunked";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final String scheme;

    private StubServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::dispatch);
        server.setExecutor(executor);
        server.start();
    }

    static StubServer http() throws IOException {
        return new StubServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
                "http");
    }

    /** A plain HTTP server on this port of 127.0.0.1 (for a test that must first find nothing listening there). */
    static StubServer http(int port) throws IOException {
        return new StubServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0),
                "http");
    }

    static StubServer https(SSLContext context, boolean needClientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return new StubServer(server, "https");
    }

    StubServer on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URI of {@code path} on this server, with host 127.0.0.1. */
    URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + port() + path);
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<Request> requests(String path) {
        return requests().stream().filter(r -> r.uri().getPath().equals(path)).toList();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            Headers in = exchange.getRequestHeaders();
            in.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            List<Certificate> certs = List.of();
            if (exchange instanceof HttpsExchange) {
                try {
                    certs = List.of(((HttpsExchange) exchange).getSSLSession().getPeerCertificates());
                } catch (SSLPeerUnverifiedException e) {
                    certs = List.of();
                }
            }
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(), headers,
                    exchange.getRequestBody().readAllBytes(), certs);
            requests.add(request);
            Handler handler = handlers.get(exchange.getRequestURI().getPath());
            Reply reply;
            try {
                reply = handler == null ? Reply.of(404, "text/plain", "no handler") : handler.handle(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                reply = Reply.of(500, "text/plain", "stub failed: " + e);
            }
            reply.headers().forEach((k, v) -> {
                if (!k.equals(CHUNKED)) {
                    exchange.getResponseHeaders().add(k, v);
                }
            });
            boolean chunked = reply.headers().containsKey(CHUNKED);
            exchange.sendResponseHeaders(reply.status(),
                    chunked ? 0 : reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                } catch (IOException clientWentAway) {
                    // the client may stop reading (size cap, timeout); nothing to do
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
