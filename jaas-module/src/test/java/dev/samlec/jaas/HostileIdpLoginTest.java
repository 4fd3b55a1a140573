package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.testing.HostileXml;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.login.LoginException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * Issue 10, part 1 at the JAAS entry point: an IdP answering with hostile XML fails {@code login()} with a code,
 * and whatever else goes wrong inside a login (an Error included) is {@code internal_error}, the password wiped.
 */
class HostileIdpLoginTest {
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";
    private static DemoSetup demo;
    private static HttpServer hostile;
    private static volatile byte[] answer = new byte[0];

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
        hostile = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hostile.createContext("/ecp", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        hostile.start();
    }

    @AfterAll
    static void stop() {
        hostile.stop(0);
        demo.close();
    }

    private static LoginException loginAgainst(byte[] body) {
        answer = body;
        Map<String, Object> options = demo.clientOptions();
        options.put("idpUrl", "http://127.0.0.1:" + hostile.getAddress().getPort() + "/ecp");
        return catchThrowableOfType(LoginException.class,
                () -> module(new Subject(), handler("alice", "alicepw"), options).login());
    }

    @Test
    void loginWhenIdpAnswersThousandsDeepThenIdpBadContent() {
        byte[] deep = HostileXml.deepEnvelope();

        // The body is not an envelope samlec will read: the IdP's answer is bad content, said at once.
        assertThat(loginAgainst(deep)).hasMessageStartingWith("idp_bad_content: ");
    }

    @Test
    void loginWhenIdpAnswersWithANameThatIsNotNamespaceWellFormedThenCodedNotInternal() {
        byte[] bad = ("<S:Envelope xmlns:S=\"" + SOAP + "\" :x=\"1\"><S:Body/></S:Envelope>")
                .getBytes(StandardCharsets.UTF_8);

        LoginException e = loginAgainst(bad);

        assertThat(e.getMessage()).doesNotStartWith("internal_error");
        assertThat(e.getCause()).isInstanceOf(EcpException.class);
    }

    /**
     * A Success answer to an earlier check (replayed by the IdP's host, or left queued on a kept-alive connection)
     * must not pass a later check: the answer must be to this check's own AuthnRequest.
     */
    @Test
    void loginWhenIdpAnswersWithAnEarlierChecksSuccessThenInvalidInResponseTo() throws Exception {
        String demoIdp = (String) demo.clientOptions().get("idpUrl");
        byte[] earlier;
        try (EcpExchange exchange = EcpExchange.recordingAt(demoIdp)) {
            earlier = exchange.successFor("alice", "alicepw");
        }

        LoginException e = loginAgainst(earlier);

        assertThat(e).hasMessageStartingWith(EcpError.INVALID_IN_RESPONSE_TO.code() + ": ")
                .hasMessageContaining("Response to another request");
    }

    /** One real credential-check exchange with the demo IdP, its Success answer kept. */
    private static final class EcpExchange implements AutoCloseable {
        private final String idpUrl;

        private EcpExchange(String idpUrl) {
            this.idpUrl = idpUrl;
        }

        static EcpExchange recordingAt(String idpUrl) {
            return new EcpExchange(idpUrl);
        }

        /** Logs in once through a recording proxy in front of the demo IdP and returns the IdP's answer. */
        byte[] successFor(String user, String password) throws Exception {
            byte[][] seen = new byte[1][];
            HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            proxy.createContext("/ecp", exchange -> {
                java.net.HttpURLConnection forward = (java.net.HttpURLConnection) java.net.URI.create(idpUrl)
                        .toURL().openConnection();
                forward.setDoOutput(true);
                forward.setRequestMethod("POST");
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                        values.forEach(v -> forward.addRequestProperty(name, v));
                    }
                });
                forward.getOutputStream().write(exchange.getRequestBody().readAllBytes());
                byte[] body = forward.getInputStream().readAllBytes();
                seen[0] = body;
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            proxy.start();
            try {
                Map<String, Object> options = demo.clientOptions();
                options.put("idpUrl", "http://127.0.0.1:" + proxy.getAddress().getPort() + "/ecp");
                module(new Subject(), handler(user, password), options).login();
                return seen[0];
            } finally {
                proxy.stop(0);
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void authenticateWhenTheCheckThrowsAnErrorThenInternalErrorAndPasswordWiped() throws Exception {
        CredentialCheck check = Mockito.mock(CredentialCheck.class);
        Mockito.doThrow(new StackOverflowError("simulated")).when(check).verify(Mockito.any());
        IdpCredentials.Basic basic = IdpCredentials.basic("alice", "alicepw".toCharArray());
        IdpEndpoint idp = IdpEndpoint.builder("https://idp.example.org", java.net.URI.create(
                "https://idp.example.org/ecp")).useSystemTrust().build().withCredentials(basic);

        LoginException e = catchThrowableOfType(LoginException.class,
                () -> new IdpLogin(Optional.of(check)).authenticate(idp, "alice"));

        assertThat(e).hasMessageStartingWith(EcpError.INTERNAL_ERROR.code() + ": ");
        assertThat(basic.password()).containsOnly('\0');
    }
}
