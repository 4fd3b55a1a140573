package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.junit.jupiter.api.Test;

/**
 * The call deadline firing after HttpClient leased a connection but before it sent the request on it (its request
 * interceptors run there, where the cookies are read): the watchdog's cancellation discards the connection and
 * HttpClient then fails the call with an {@code IllegalStateException} ("Endpoint not acquired / already
 * released") instead of an {@code IOException}. Seen in CI on a redirect loop whose last hop met the overall limit.
 * It must still come out as the peer's timeout, never as a raw runtime exception. The real watchdog cancels; the
 * cookie store holds the thread in that window past the deadline.
 */
class HttpTransportCancelRaceTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);

    @Test
    void executeWhenDeadlineCancelsBetweenLeaseAndSendThenSpTimeout() throws Exception {
        BasicCookieStore slowStore = new BasicCookieStore() {
            @Override
            public List<Cookie> getCookies() {
                try {
                    Thread.sleep(DEADLINE.toMillis() + 400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getCookies();
            }
        };
        try (StubServer server = StubServer.http();
                HttpTransport transport = new HttpTransport(Peer.SP,
                        TlsContexts.create(TlsTrust.system(), IdpCredentials.none()), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), DEADLINE, "spCallTimeout",
                        new QuietCookies(slowStore, Clock.systemUTC()))) {
            server.on("/resource", r -> StubServer.Reply.of(200, "text/plain", "resource body"));

            EcpException e = assertThrows(EcpException.class, () -> transport.execute(
                    new HttpGet(server.uri("/resource")), 1 << 20, FetchBudget.call(DEADLINE)));

            assertThat(e.error()).as(e.describe()).isEqualTo(EcpError.SP_TIMEOUT);
            assertThat(e.getMessage()).contains("call timeout of 300 ms (spCallTimeout)");
        }
    }
}
