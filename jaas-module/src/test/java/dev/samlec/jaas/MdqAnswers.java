package dev.samlec.jaas;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Metadata Query service on a loopback port: {@code GET /mdq/entities/{percent-encoded entityID}} answers the
 * document served for that entity as {@code application/samlmetadata+xml}, else 404; remembers the entities asked for.
 */
final class MdqAnswers implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    MdqAnswers() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mdq/entities/", exchange -> {
            try (exchange) {
                String entityId = URLDecoder.decode(exchange.getRequestURI().getRawPath()
                        .substring("/mdq/entities/".length()), StandardCharsets.UTF_8);
                asked.add(entityId);
                byte[] body = answers.get(entityId);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/samlmetadata+xml");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** The service's base URL. */
    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mdq");
    }

    /** Answers {@code document} for {@code entityId} from now on. */
    void serve(String entityId, byte[] document) {
        answers.put(entityId, document);
    }

    /** The entityIDs asked for so far, in order. */
    List<String> asked() {
        return List.copyOf(asked);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
