package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/** {@code GET /idp/metadata}: the IdP's metadata document. */
final class MetadataHandler implements HttpHandler {
    static final String PATH = "/idp/metadata";

    private final byte[] metadata;

    MetadataHandler(byte[] metadata) {
        this.metadata = metadata.clone();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                HttpReplies.sendText(exchange, 404, "not found");
            } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                HttpReplies.sendText(exchange, 405, "use GET");
            } else {
                HttpReplies.send(exchange, 200, "application/samlmetadata+xml", metadata);
            }
        } finally {
            exchange.close();
        }
    }
}
