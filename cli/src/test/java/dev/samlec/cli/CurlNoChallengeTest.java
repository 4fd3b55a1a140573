package dev.samlec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code samlec curl} against a service that never sends an ECP challenge (a real HTTP server on port 0): a browser
 * login page is refused with {@code no_ecp_challenge}, a non-HTML answer is the resource, and no password is read
 * for either (stdin is empty: reading it would exit 2).
 */
@Timeout(60)
class CurlNoChallengeTest {
    private static final String LOGIN_FORM = "<!DOCTYPE html><html><body><form method=post action=/login>"
            + "<input name=user><input type=\"password\" name=pw></form></body></html>";
    private static HttpServer server;
    private static String base;
    private static final Map<String, String> SEEN_HEADERS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/protected", e -> redirect(e, "/login"));
        server.createContext("/elsewhere", e -> redirect(e, "http://localhost:" + server.getAddress().getPort()
                + "/login"));
        server.createContext("/login", e -> reply(e, 200, "text/html; charset=utf-8", LOGIN_FORM));
        server.createContext("/page", e -> reply(e, 200, "text/html", "<html><body>welcome</body></html>"));
        server.createContext("/data", e -> reply(e, 200, "application/json", "{\"ok\":true}"));
        server.createContext("/headers", e -> {
            e.getRequestHeaders().forEach((k, v) -> SEEN_HEADERS.put(k.toLowerCase(), String.join(",", v)));
            reply(e, 200, "text/plain", "seen");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static void redirect(HttpExchange e, String location) throws IOException {
        e.getResponseHeaders().set("Location", location);
        e.sendResponseHeaders(302, -1);
        e.close();
    }

    private static void reply(HttpExchange e, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", type);
        e.sendResponseHeaders(status, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

    private static Cli.Result curl(String path, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("curl", "--allow-http", "--password-stdin",
                "-u", "alice", "--idp", "http://127.0.0.1:1/idp"));
        args.addAll(List.of(extra));
        args.add(base + path);
        return Cli.runWithStdin("", args.toArray(String[]::new));
    }

    @Test
    void curlWhenRedirectedToLoginFormThenNoEcpChallengeExit1AndNothingPrinted() {
        Cli.Result r = curl("/protected");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).startsWith("samlec curl: no_ecp_challenge: the service answered " + base + "/protected"
                + " (redirected to " + base + "/login) with an HTML login form").contains("--allow-no-ecp");
    }

    @Test
    void curlWhenAllowNoEcpThenPrintsTheLoginPageAndExit0() {
        Cli.Result r = curl("/protected", "--allow-no-ecp");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(LOGIN_FORM);
    }

    @Test
    void curlWhenHtmlPageWithoutChallengeOrSessionThenNoEcpChallenge() {
        Cli.Result r = curl("/page");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: no_ecp_challenge: ").contains("an HTML page (text/html)");
    }

    @Test
    void curlWhenHtmlPageAndSessionCookieFromJarThenItIsTheResource() throws IOException {
        Path jar = Files.writeString(dir.resolve("jar.txt"), "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\n");
        Cli.Result r = curl("/page", "-c", jar.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("welcome");
    }

    @Test
    void curlWhenLoginFormEvenWithSessionCookieThenNoEcpChallenge() throws IOException {
        Path jar = Files.writeString(dir.resolve("jar.txt"), "127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tabc\n");
        Cli.Result r = curl("/login", "-c", jar.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("samlec curl: no_ecp_challenge: ");
    }

    @Test
    void curlWhenNonHtmlAnswerWithoutChallengeThenItIsTheResourceAndNoPasswordRead() {
        Cli.Result r = curl("/data");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("{\"ok\":true}");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void curlWhenRedirectedToAnotherHostsLoginThenRedirectRefusedExit1() {
        Cli.Result r = curl("/elsewhere");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("samlec curl: redirect_refused: ").contains("/login");
    }

    @Test
    void curlWhenHeadersGivenThenTheServiceReceivesThemWithThePaosHeaders() {
        Cli.Result r = curl("/headers", "-H", "X-Trace: 42", "--header", "Accept-Language:  de");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(SEEN_HEADERS).containsEntry("x-trace", "42").containsEntry("accept-language", "de")
                .containsKey("paos");
        assertThat(SEEN_HEADERS.get("accept")).contains("application/vnd.paos+xml");
    }

    @Test
    void curlWhenHeaderWouldBreakTheExchangeThenUsageExit2() {
        for (String header : List.of("Accept: text/html", "PAOS: x", "cookie: a=b", "Authorization: Basic x",
                "Host: evil")) {
            Cli.Result r = curl("/headers", "-H", header);
            assertThat(r.exitCode()).as(header).isEqualTo(2);
            assertThat(r.err()).startsWith("samlec curl: option -H/--header: extra header ")
                    .contains("set by the ECP exchange");
        }
    }

    @Test
    void curlWhenHeaderMalformedThenUsageExit2() {
        Cli.Result r = curl("/headers", "-H", "no colon here");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("must be 'Name: value'");
        Cli.Result crlf = curl("/headers", "-H", "X-A: b\r\nX-Injected: c");
        assertThat(crlf.exitCode()).isEqualTo(2);
        assertThat(crlf.err()).contains("not a valid HTTP header");
    }
}
