package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.Samples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The IdP call's short retry, against real HTTP servers on port 0: a refused connection and HTTP 503 are
 * retried within the call timeout, a kept-alive connection closed unanswered is resent once, nothing else is, and
 * a lasting outage ends as {@code IDP_UNREACHABLE}.
 */
class IdpClientRetryTest {
    private final List<Duration> pauses = new CopyOnWriteArrayList<>();
    private StubServer idp;

    @AfterEach
    void stop() {
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void sendWhenIdpAnswers503TwiceThenRetriesAndSucceeds() throws Exception {
        idp = StubServer.http().on("/sso", failingFirst(2, 503));

        IdpResponse response = send(recorded(), endpoint(idp.uri("/sso"), Duration.ofSeconds(20)));

        assertThat(response.response().orElseThrow().isSuccess()).isTrue();
        assertThat(idp.requests("/sso")).hasSize(3);
        assertThat(pauses).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
    }

    @Test
    void sendWhenDefaultClientAndIdpAnswers503OnceThenRetriedAfterItsPause() throws Exception {
        idp = StubServer.http().on("/sso", failingFirst(1, 503));

        try (IdpClient client = new IdpClient(endpoint(idp.uri("/sso"), Duration.ofSeconds(20)))) {
            assertThat(client.send(Fixtures.idpRequest()).response().orElseThrow().isSuccess()).isTrue();
        }
        assertThat(idp.requests("/sso")).hasSize(2);
    }

    @Test
    void sendWhenConnectionRefusedThenRetriedUntilTheIdpListens() throws Exception {
        int port = unusedPort();
        IdpRetry startIdpAtFirstPause = new IdpRetry(IdpRetry.DEFAULT_PAUSES, d -> {
            pauses.add(d);
            if (idp == null) {
                try {
                    idp = StubServer.http(port).on("/sso", r -> StubServer.Reply.of(200, SOAP,
                            Fixtures.success(Samples.SP_ACS)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });

        IdpResponse response = send(startIdpAtFirstPause,
                endpoint(URI.create("http://127.0.0.1:" + port + "/sso"), Duration.ofSeconds(20)));

        assertThat(response.response().orElseThrow().isSuccess()).isTrue();
        assertThat(pauses).hasSize(1);
        assertThat(idp.requests("/sso")).hasSize(1);
    }

    @Test
    void sendWhen503LastsThenUnreachableNamingTheStatusAndTheAttempts() throws Exception {
        idp = StubServer.http().on("/sso", r -> StubServer.Reply.of(503, "text/html", "<p>maintenance</p>"));

        EcpException e = failure(recorded(), endpoint(idp.uri("/sso"), Duration.ofSeconds(20)));

        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
        assertThat(e.getMessage()).contains(idp.uri("/sso").toString(), "HTTP 503", "4 attempts");
        assertThat(idp.requests("/sso")).hasSize(4);
        assertThat(IdpClient.credentialNotJudged(e)).isTrue();
    }

    @Test
    void sendWhenNobodyListensThenUnreachableAfterTheRetries() throws Exception {
        int port = unusedPort();

        EcpException e = failure(recorded(), endpoint(URI.create("http://127.0.0.1:" + port + "/sso"),
                Duration.ofSeconds(20)));

        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
        assertThat(e.getMessage()).contains("4 attempts");
        assertThat(pauses).hasSize(3);
        assertThat(IdpClient.credentialNotJudged(e)).isTrue();
    }

    @Test
    void credentialNotJudgedWhenTimeoutOrResetThenFalse() {
        assertThat(IdpClient.credentialNotJudged(new EcpException(EcpError.IDP_TIMEOUT, "slow"))).isFalse();
        assertThat(IdpClient.credentialNotJudged(new EcpException(EcpError.IDP_UNREACHABLE, "reset",
                new java.net.SocketException("Connection reset")))).isFalse();
        assertThat(IdpClient.credentialNotJudged(new EcpException(EcpError.IDP_UNREACHABLE, "refused",
                new java.net.ConnectException("Connection refused")))).isTrue();
        // resent once already: Kafka must not resend it again and again
        assertThat(IdpClient.credentialNotJudged(new EcpException(EcpError.IDP_UNREACHABLE, "kept-alive closed",
                new KeptAliveConnectionClosed(new java.net.SocketException("Connection reset"))))).isFalse();
    }

    @Test
    void sendWhenCredentialRefusedOrServerErrorThenNeverRetried() throws Exception {
        AtomicInteger status = new AtomicInteger(401);
        idp = StubServer.http().on("/sso", r -> StubServer.Reply.of(status.get(), "text/plain", "no"));

        assertThat(failure(recorded(), endpoint(idp.uri("/sso"), Duration.ofSeconds(20))).error())
                .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
        for (int gatewayOrServerError : new int[] {500, 502, 504}) {
            status.set(gatewayOrServerError);
            EcpException e = failure(recorded(), endpoint(idp.uri("/sso"), Duration.ofSeconds(20)));
            assertThat(e.error()).as("HTTP " + gatewayOrServerError).isEqualTo(EcpError.IDP_HTTP_STATUS);
            assertThat(IdpClient.credentialNotJudged(e)).isFalse();
        }
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.wrongPassword()));
        assertThat(failure(recorded(), endpoint(idp.uri("/sso"), Duration.ofSeconds(20))).error())
                .isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);

        assertThat(idp.requests("/sso")).hasSize(5);
        assertThat(pauses).isEmpty();
    }

    @Test
    void sendWhenCallTimeoutLeavesNoRoomForAnotherAttemptThenNoRetry() throws Exception {
        idp = StubServer.http().on("/sso", r -> StubServer.Reply.of(503, "text/plain", "busy"));

        EcpException e = failure(recorded(), endpoint(idp.uri("/sso"), Duration.ofMillis(1200)));

        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
        assertThat(e.getMessage()).doesNotContain("attempts");
        assertThat(idp.requests("/sso")).hasSize(1);
    }

    @Test
    void sendWhenTheResendsConnectionClosesUnansweredToThenNotResentAgain() throws Exception {
        // every connection answers its first request only, and closes on each later one after reading it
        Map<Integer, AtomicInteger> perConnection = new ConcurrentHashMap<>();
        try (KeepAliveServer server = KeepAliveServer.http(0, r -> perConnection.computeIfAbsent(r.connection(),
                c -> new AtomicInteger()).incrementAndGet() == 1 ? KeepAliveServer.success().handle(r)
                : KeepAliveServer.Answer.closeWithoutAnswer())) {
            IdpEndpoint endpoint = endpoint(server.uri(), Duration.ofSeconds(20));
            AtomicReference<IdpClient> shared = new AtomicReference<>();
            // in the pause another login leaves a fresh kept-alive connection in the pool, which the resend takes
            IdpRetry retry = new IdpRetry(IdpRetry.DEFAULT_PAUSES, pause -> {
                pauses.add(pause);
                try {
                    shared.get().send(Fixtures.idpRequest());
                } catch (EcpException e) {
                    throw new AssertionError(e);
                }
            });
            try (IdpClient client = new IdpClient(endpoint, retry)) {
                shared.set(client);
                client.send(Fixtures.idpRequest());
                EcpException e = catchThrowableOfType(EcpException.class, () -> client.send(Fixtures.idpRequest()));

                assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
            }
            // the first login, the second twice (its connection, then the resend's), the login in the pause: the
            // second login's password reached the IdP twice, never more
            assertThat(server.requests()).hasSize(4);
            assertThat(pauses).hasSize(1);
        }
    }

    @Test
    void sendWhenAKeptAliveConnectionClosesAfterAnInterimAnswerThenNotResent() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (KeepAliveServer server = KeepAliveServer.http(0, r -> calls.incrementAndGet() == 1
                ? KeepAliveServer.success().handle(r) : KeepAliveServer.Answer.interimThenClose())) {
            try (IdpClient client = new IdpClient(endpoint(server.uri(), Duration.ofSeconds(20)), recorded())) {
                client.send(Fixtures.idpRequest());
                EcpException e = catchThrowableOfType(EcpException.class, () -> client.send(Fixtures.idpRequest()));

                assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
            }
            assertThat(server.requests()).hasSize(2); // it had begun to answer (102): it was judging the password
            assertThat(pauses).isEmpty();
        }
    }

    private IdpRetry recorded() {
        return new IdpRetry(IdpRetry.DEFAULT_PAUSES, pauses::add);
    }

    private static StubServer.Handler failingFirst(int failures, int status) {
        AtomicInteger calls = new AtomicInteger();
        return r -> calls.incrementAndGet() <= failures ? StubServer.Reply.of(status, "text/html", "<p>down</p>")
                : StubServer.Reply.of(200, SOAP, Fixtures.success(Samples.SP_ACS));
    }

    private static IdpEndpoint endpoint(URI url, Duration callTimeout) throws Exception {
        return Fixtures.httpIdp(Samples.IDP_ENTITY_ID, url).callTimeout(callTimeout).build();
    }

    private static IdpResponse send(IdpRetry retry, IdpEndpoint endpoint) throws Exception {
        try (IdpClient client = new IdpClient(endpoint, retry)) {
            return client.send(Fixtures.idpRequest());
        }
    }

    private static EcpException failure(IdpRetry retry, IdpEndpoint endpoint) {
        return catchThrowableOfType(EcpException.class, () -> send(retry, endpoint));
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
