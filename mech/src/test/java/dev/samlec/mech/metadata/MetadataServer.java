package dev.samlec.mech.metadata;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server (port 0) serving one metadata document at {@code /md} with an ETag (a hash of the bytes) and
 * a Last-Modified, answering 304 to a matching If-None-Match (or, without one, If-Modified-Since), counting requests;
 * it can answer an HTTP status instead, or hold each answer until released (a slow server).
 */
final class MetadataServer extends LoopbackMetadataServer {
    private final AtomicInteger served = new AtomicInteger();
    private final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private final List<String> ifModifiedSince = new CopyOnWriteArrayList<>();
    private volatile byte[] document = new byte[0];
    private volatile String lastModified = httpDate(Instant.parse("2030-01-01T00:00:00Z"));
    private volatile boolean sendEtag = true;
    private volatile String etagOverride;

    MetadataServer() throws IOException {
        super("/md");
    }

    URI url() {
        return uri("/md");
    }

    /** Serves {@code bytes} from now on, with a new ETag and a Last-Modified of {@code modified}. */
    void serve(byte[] bytes, Instant modified) {
        document = bytes.clone();
        lastModified = httpDate(modified);
        answerDocuments();
    }

    /** Serves {@code bytes} with a Last-Modified one second after the previous document's (the first: 2030-01-01). */
    void serve(byte[] bytes) {
        serve(bytes, Instant.parse("2030-01-01T00:00:00Z").plusSeconds(served.getAndIncrement()));
    }

    /** Whether ETags are sent (without them only Last-Modified can validate). */
    void sendEtag(boolean value) {
        sendEtag = value;
    }

    /** Sends this ETag value instead of the hash of the document. */
    void etagOverride(String value) {
        etagOverride = value;
    }

    List<String> ifNoneMatchSeen() {
        return ifNoneMatch;
    }

    List<String> ifModifiedSinceSeen() {
        return ifModifiedSince;
    }

    String etag() {
        return etagOverride != null ? etagOverride : "\"" + hex("SHA-256", document, 8) + "\"";
    }

    @Override
    void record(HttpExchange exchange) {
        String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
        String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        if (inm != null) {
            ifNoneMatch.add(inm);
        }
        if (ims != null) {
            ifModifiedSince.add(ims);
        }
    }

    @Override
    void answer(HttpExchange exchange) throws IOException {
        String inm = exchange.getRequestHeaders().getFirst("If-None-Match");
        String ims = exchange.getRequestHeaders().getFirst("If-Modified-Since");
        String tag = etag();
        boolean unchanged = inm != null ? sendEtag && inm.equals(tag) : ims != null && ims.equals(lastModified);
        if (sendEtag) {
            exchange.getResponseHeaders().add("ETag", tag);
        }
        exchange.getResponseHeaders().add("Last-Modified", lastModified);
        if (unchanged) {
            sendNotModified(exchange);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/samlmetadata+xml");
        send(exchange, 200, document);
    }

    private static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
