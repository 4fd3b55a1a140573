package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hc.client5.http.cookie.Cookie;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SP session's own cookie handling (HttpClient's logs cookie values): RFC 6265 rules still apply, cookies come
 * back on later requests to the same host, and refused ones are dropped.
 */
class QuietCookiesTest {
    private StubServer sp;

    @BeforeEach
    void start() throws Exception {
        sp = StubServer.http();
        sp.on("/set", r -> StubServer.Reply.of(200, "text/plain", "set").with("Set-Cookie", "session=s3cr3t; Path=/"));
        sp.on("/foreign", r -> StubServer.Reply.of(200, "text/plain", "foreign")
                .with("Set-Cookie", "stolen=x; Domain=other.example; Path=/"));
        sp.on("/expired", r -> StubServer.Reply.of(200, "text/plain", "expired")
                .with("Set-Cookie", "gone=y; Path=/; Max-Age=0"));
        sp.on("/echo", r -> StubServer.Reply.of(200, "text/plain", String.valueOf(r.header("Cookie"))));
    }

    @AfterEach
    void stop() {
        sp.close();
    }

    @Test
    void fetchWhenSpSetsCookiesThenValidOnesKeptAndSentBackOthersDropped() throws Exception {
        try (EcpHttpClient client = EcpHttpClient.builder().allowInsecureHttp(true)
                .idp(Fixtures.httpIdp("urn:idp", URI.create("http://127.0.0.1:9/sso")).build()).build()) {
            client.fetch(sp.uri("/set"));
            client.fetch(sp.uri("/foreign"));
            client.fetch(sp.uri("/expired"));
            assertThat(client.cookieStore().getCookies()).extracting(Cookie::getName).containsExactly("session");

            HttpResult echoed = client.fetch(sp.uri("/echo"));
            assertThat(new String(echoed.body(), StandardCharsets.UTF_8)).isEqualTo("session=s3cr3t");
        }
    }
}
