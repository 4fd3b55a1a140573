package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.testing.HostileXml;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 at {@code samlec curl}: a hostile SP (a PAOS challenge nested thousands deep, a name that is not
 * namespace-well-formed) and a hostile IdP each end the command with one coded line and exit 1, no stack trace.
 */
class CurlHostilePeersTest {
    private static final String PAOS_HEADERS = "application/vnd.paos+xml";
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String PAOS = "urn:liberty:paos:2003-08";
    private static HttpServer server;
    private static volatile String sp = "";
    private static volatile String idp = "";

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sp", exchange -> reply(exchange, PAOS_HEADERS, sp));
        server.createContext("/idp", exchange -> reply(exchange, "text/xml", idp));
        server.start();
    }

    private static void reply(com.sun.net.httpserver.HttpExchange exchange, String type, String text)
            throws java.io.IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static Cli.Result curl() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return Cli.runWithStdin("alicepw\n", "curl", "--allow-http", "--password-stdin", "-u", "alice",
                "--idp", base + "/idp", base + "/sp");
    }

    @Test
    void curlWhenSpChallengeNestedThousandsDeepThenXmlTooDeepOneLine() {
        sp = HostileXml.deepEnvelope("<paos:Request xmlns:paos=\"" + PAOS + "\"/>");

        Cli.Result r = curl();

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec curl: xml_too_deep: ");
    }

    @Test
    void curlWhenSpPageHasNameNotNamespaceWellFormedThenShownAsContentWithoutStackTrace() {
        sp = "<S:Envelope xmlns:S=\"" + SOAP + "\" :x=\"1\"><S:Header><paos:Request xmlns:paos=\"" + PAOS
                + "\"/></S:Header><S:Body/></S:Envelope>";

        Cli.Result r = curl();

        // Not XML samlec can read, so not a challenge: curl shows what the server sent, as curl would.
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains(":x=");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
