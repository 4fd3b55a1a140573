package dev.samlec.sasl;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.message.IdpRequest;
import dev.samlec.mech.message.IdpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A misbehaving identity provider on loopback HTTP: it answers each ECP request with whatever its script builds
 * from the parsed request, so tests can make an IdP forget RequestAuthenticated, announce an unrequested
 * delegation, name another ACS or drop channel bindings.
 */
final class ScriptedIdp implements AutoCloseable {
    /** Builds the IdP's answer to one request. */
    interface Script {
        IdpResponse answer(IdpRequest request) throws Exception;
    }

    private final HttpServer server;
    private final AtomicReference<IdpRequest> lastRequest = new AtomicReference<>();

    ScriptedIdp(Script script) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ecp", exchange -> {
            try (InputStream in = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
                IdpRequest request = IdpRequest.parse(in.readAllBytes(),
                        new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES));
                lastRequest.set(request);
                byte[] body = script.answer(request).toBytes();
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(200, body.length);
                out.write(body);
            } catch (EcpException e) {
                exchange.sendResponseHeaders(400, -1);
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ecp");
    }

    /** The last request received, as parsed. */
    IdpRequest lastRequest() {
        return lastRequest.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
