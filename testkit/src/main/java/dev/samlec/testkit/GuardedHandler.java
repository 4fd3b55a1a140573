package dev.samlec.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a handler of a demo server, which faces the network too: whatever the request triggers (an
 * {@link Error} included), the client gets a 500 if nothing was sent yet, the exchange is closed, the log gets one
 * line without a stack trace, and the server's worker thread lives on. The JDK server would otherwise let an
 * Error kill its worker and leave the connection open until the client gives up.
 */
public final class GuardedHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedHandler.class);

    private final String name;
    private final HttpHandler handler;

    private GuardedHandler(String name, HttpHandler handler) {
        this.name = name;
        this.handler = handler;
    }

    /** {@code handler} guarded; {@code name} names it in the log line. */
    public static HttpHandler of(String name, HttpHandler handler) {
        return new GuardedHandler(name, handler);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            handler.handle(exchange);
        } catch (RuntimeException | Error e) {
            LOG.warn("{}: {} {} failed unexpectedly: {}", name, exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(), e.toString());
            internalError(exchange);
        } finally {
            exchange.close();
        }
    }

    private static void internalError(HttpExchange exchange) {
        if (exchange.getResponseCode() != -1) {
            return; // headers already sent; closing is all that is left
        }
        byte[] body = "internal_error\n".getBytes(StandardCharsets.UTF_8);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException | RuntimeException e) {
            LOG.debug("the 500 could not be sent: {}", e.toString());
        }
    }
}
