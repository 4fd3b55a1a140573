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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server (port 0) serving one metadata document at {@code /md} with an ETag (a hash of the bytes) and
 * a Last-Modified, answering 304 to a matching If-None-Match (or, without one, If-Modified-Since), counting requests;
 * it can answer an HTTP status instead, or hold each answer until released (a slow server).
 */
final class MetadataServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger notModified = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<String> ifModifiedSince = new CopyOnWriteArrayList<>();
    private volatile byte[] document = new byte[0];
    private volatile String lastModified = httpDate(Instant.parse("2030-01-01T00:00:00Z"));
    private volatile int status = 200;
    private volatile boolean sendEtag = true;
    private volatile String etagOverride;
    private volatile CountDownLatch hold;
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    MetadataServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/md", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/md");
    }

    /** Serves {@code bytes} from now on, with a new ETag and a Last-Modified of {@code modified}. */
    void serve(byte[] bytes, Instant modified) {
        document = bytes.clone();
        lastModified = httpDate(modified);
        status = 200;
    }

    /** Serves {@code bytes} with a Last-Modified one second after the previous document's (the first: 2030-01-01). */
    void serve(byte[] bytes) {
        serve(bytes, Instant.parse("2030-01-01T00:00:00Z").plusSeconds(served.getAndIncrement()));
    }

    /** Answers {@code code} with a short text body instead of the document. */
    void fail(int code) {
        status = code;
    }

    /** Whether ETags are sent (without them only Last-Modified can validate). */
    void sendEtag(boolean value) {
        sendEtag = value;
    }

    /** Sends this ETag value instead of the hash of the document. */
    void etagOverride(String value) {
        etagOverride = value;
    }

    /** Holds every answer until {@link #release()}; {@link #awaitArrival()} returns once a request is waiting. */
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

    int notModified() {
        return notModified.get();
    }

    List<String> ifNoneMatchSeen() {
        return ifNoneMatch;
    }

    List<String> ifModifiedSinceSeen() {
        return ifModifiedSince;
    }

    String etag() {
        if (etagOverride != null) {
            return etagOverride;
        }
        try {
            return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document), 0, 8)
                    + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.incrementAndGet();
            String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
            String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
            if (inm != null) {
                ifNoneMatch.add(inm);
            }
            if (ims != null) {
                ifModifiedSince.add(ims);
            }
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
                send(exchange, status, ("error " + status).getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String tag = etag();
            boolean unchanged = inm != null ? sendEtag && inm.equals(tag) : ims != null && ims.equals(lastModified);
            if (sendEtag) {
                exchange.getResponseHeaders().add("ETag", tag);
            }
            exchange.getResponseHeaders().add("Last-Modified", lastModified);
            if (unchanged) {
                notModified.incrementAndGet();
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
            send(exchange, 200, document);
        }
    }

    private static void send(HttpExchange exchange, int code, byte[] body) throws IOException {
        exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
