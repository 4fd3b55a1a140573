package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.internal.http.KeepAlive;
import dev.samlec.mech.message.IdpResponse;
import dev.samlec.mech.message.Samples;
import java.net.URI;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Kept-alive IdP connections shared by logins, against real keep-alive servers on port 0. */
class IdpConnectionsTest {
    private static final KeepAlive FAST = new KeepAlive(Duration.ofSeconds(15), Duration.ofMillis(100), 8);
    private IdpConnections connections;
    private final List<KeepAliveServer> servers = new java.util.ArrayList<>();

    @BeforeEach
    void create() {
        connections = new IdpConnections(8, FAST, Duration.ofHours(1));
    }

    @AfterEach
    void close() throws Exception {
        connections.close();
        for (KeepAliveServer s : servers) {
            s.close();
        }
    }

    private KeepAliveServer serve(KeepAliveServer server) {
        servers.add(server);
        return server;
    }

    private static IdpEndpoint.Builder http(URI url) throws Exception {
        return Fixtures.httpIdp(Samples.IDP_ENTITY_ID, url);
    }

    private IdpResponse login(IdpEndpoint endpoint) throws Exception {
        try (IdpClient client = connections.client(endpoint)) {
            return client.send(Fixtures.idpRequest());
        }
    }

    private static void await(IntSupplier value, int expected) throws InterruptedException {
        for (int i = 0; i < 100 && value.getAsInt() != expected; i++) {
            Thread.sleep(50);
        }
        assertThat(value.getAsInt()).isEqualTo(expected);
    }

    @Test
    void clientWhenTwoLoginsThenOneConnectionAndEachItsOwnCredentials() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        login(http(idp.uri()).build());
        login(http(idp.uri()).credentials(IdpCredentials.basic("bob", "other".toCharArray())).build());

        assertThat(idp.accepted()).isEqualTo(1);
        assertThat(idp.requests()).extracting(KeepAliveServer.Request::connection).containsExactly(1, 1);
        assertThat(idp.requests().get(0).header("Authorization")).isEqualTo(IdpClient.basic(Fixtures.basic()));
        assertThat(idp.requests().get(1).header("Authorization"))
                .isEqualTo(IdpClient.basic(IdpCredentials.basic("bob", "other".toCharArray())));
    }

    @Test
    void clientWhenIdpSetsCookieThenNextLoginOnTheSameConnectionSendsNone() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(0, r -> KeepAliveServer.Answer.ok(
                Fixtures.success(Samples.SP_ACS)).with("Set-Cookie", "idpsession=alice; Path=/")));
        login(http(idp.uri()).build());
        login(http(idp.uri()).credentials(IdpCredentials.none()).build());

        assertThat(idp.accepted()).isEqualTo(1);
        assertThat(idp.requests().get(1).header("Cookie")).isNull();
        assertThat(idp.requests().get(1).header("Authorization")).isNull();
    }

    @Test
    void clientWhenOwnClientInsteadThenANewConnectionPerLoginClosedAfterIt() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        for (int i = 0; i < 2; i++) {
            try (IdpClient client = new IdpClient(http(idp.uri()).build())) {
                client.send(Fixtures.idpRequest());
            }
        }
        assertThat(idp.accepted()).isEqualTo(2);
        await(idp::closedByClient, 2);
    }

    @Test
    void clientWhenServerClosedTheIdleConnectionThenNextLoginSucceedsOnANewOne() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(200, KeepAliveServer.success()));
        login(http(idp.uri()).build());
        Thread.sleep(1200); // well past the server's 200 ms, even on a loaded machine

        assertThat(login(http(idp.uri()).build()).response().orElseThrow().isSuccess()).isTrue();
        assertThat(idp.accepted()).isEqualTo(2);
    }

    @Test
    void clientWhenServerClosedTheConnectionBeforeTheStaleCheckWouldRunThenResentOnANewOne() throws Exception {
        // the keep-alive race: the stale check (after 10 s idle here) cannot see a close just before the request
        IdpConnections unchecked = new IdpConnections(8, new KeepAlive(Duration.ofSeconds(15), Duration.ofSeconds(10),
                8), Duration.ofHours(1));
        KeepAliveServer idp = serve(KeepAliveServer.http(50, KeepAliveServer.success()));
        IdpEndpoint endpoint = http(idp.uri()).build();
        try (unchecked) {
            for (int login = 1; login <= 3; login++) {
                try (IdpClient client = unchecked.client(endpoint)) {
                    assertThat(client.send(Fixtures.idpRequest()).response().orElseThrow().isSuccess()).isTrue();
                }
                Thread.sleep(300); // the server closes its side after 50 ms
            }
        }

        assertThat(idp.accepted()).isEqualTo(3);
        assertThat(idp.requests()).hasSize(3); // the resent requests had never reached it
    }

    @Test
    void sendWhenANewConnectionClosesWithoutAnswerThenNotResent() throws Exception {
        // it reads the request, then closes without a byte of answer
        KeepAliveServer idp = serve(KeepAliveServer.http(0, request -> KeepAliveServer.Answer.closeWithoutAnswer()));
        EcpException e = catchThrowableOfType(EcpException.class, () -> login(http(idp.uri()).build()));

        assertThat(e.error()).isEqualTo(EcpError.IDP_UNREACHABLE);
        assertThat(idp.requests()).hasSize(1); // it may have judged the password: never sent twice
    }

    @Test
    void clientWhenCallTimeoutAbortsThenThatConnectionIsDroppedAndTheNextLoginIsClean() throws Exception {
        String body = Fixtures.success(Samples.SP_ACS);
        KeepAliveServer idp = serve(KeepAliveServer.http(0,
                r -> r.connection() == 1 ? KeepAliveServer.Answer.ok(body).stalling(1500)
                        : KeepAliveServer.Answer.ok(body)));
        IdpEndpoint endpoint = http(idp.uri()).callTimeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> login(endpoint)).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.IDP_TIMEOUT));
        Thread.sleep(1500); // the stalled answer is finished: a kept connection would now hold its rest

        assertThat(login(endpoint).response().orElseThrow().isSuccess()).isTrue();
        assertThat(idp.requests()).extracting(KeepAliveServer.Request::connection).containsExactly(1, 2);
    }

    @Test
    void clientWhenMoreSettingsThanMaxEntriesThenTheEldestsConnectionsAreClosed() throws Exception {
        connections = new IdpConnections(1, FAST, Duration.ofHours(1));
        KeepAliveServer first = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        KeepAliveServer second = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        login(http(first.uri()).build());
        assertThat(first.closedByClient()).isZero();

        login(http(second.uri()).build());
        await(first::closedByClient, 1);
        assertThat(connections.size()).isEqualTo(1);
        assertThat(second.closedByClient()).isZero();
    }

    @Test
    void clientWhenEvictedWhileInUseThenClosedOnlyAfterItsLogin() throws Exception {
        connections = new IdpConnections(1, FAST, Duration.ofHours(1));
        KeepAliveServer first = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        KeepAliveServer second = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        try (IdpClient inUse = connections.client(http(first.uri()).build())) {
            login(http(second.uri()).build());
            assertThat(inUse.send(Fixtures.idpRequest()).response().orElseThrow().isSuccess()).isTrue();
        }
        await(first::closedByClient, 1);
    }

    @Test
    void sweepWhenSettingsUnusedLongerThanTheIdleLimitThenDroppedAndClosed() throws Exception {
        connections = new IdpConnections(8, new KeepAlive(Duration.ofMillis(200), Duration.ofMillis(100), 8),
                Duration.ofHours(1));
        KeepAliveServer idp = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        login(http(idp.uri()).build());
        Thread.sleep(400);
        connections.sweep();

        await(idp::closedByClient, 1);
        assertThat(connections.size()).isZero();
    }

    /** Review F3: a busy setting must not keep its connections and TLS context (and so its trust) forever. */
    @Test
    void clientWhenSettingOlderThanMaxAgeThenNewConnectionEvenUnderSteadyUse() throws Exception {
        connections = new IdpConnections(8, new KeepAlive(Duration.ofSeconds(15), Duration.ofMillis(100), 8,
                Duration.ofMillis(300)), Duration.ofHours(1));
        KeepAliveServer idp = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        login(http(idp.uri()).build());
        login(http(idp.uri()).build());
        assertThat(idp.accepted()).isEqualTo(1);
        Thread.sleep(400);
        login(http(idp.uri()).build());

        assertThat(idp.accepted()).isEqualTo(2);
        await(idp::closedByClient, 1);
    }

    /** Review F2: one user's slow logins must not make others wait for a connection; before pooling none did. */
    @Test
    void idpDefaultsWhenSharedThenSoManyConnectionsPerRouteThatLoginsDoNotQueue() {
        assertThat(KeepAlive.IDP.maxPerRoute()).isGreaterThanOrEqualTo(1024);
        assertThat(KeepAlive.IDP.maxAge()).isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void sweepWhenServerKeepAliveIsShorterThenTheConnectionIsClosedAfterIt() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(0, r -> KeepAliveServer.Answer.ok(
                Fixtures.success(Samples.SP_ACS)).with("Keep-Alive", "timeout=1")));
        login(http(idp.uri()).build());
        connections.sweep();
        assertThat(idp.closedByClient()).isZero();
        Thread.sleep(1300);
        connections.sweep();

        await(idp::closedByClient, 1);
        assertThat(connections.size()).isEqualTo(1);
    }

    @Test
    void clientWhenNegotiateThenNotShared() throws Exception {
        KeepAliveServer idp = serve(KeepAliveServer.http(0, KeepAliveServer.success()));
        IdpEndpoint endpoint = http(idp.uri()).credentials(IdpCredentials.negotiateFromTicketCache()).build();

        assertThat(TransportKey.of(endpoint)).isEmpty();
        connections.client(endpoint).close();
        assertThat(connections.size()).isZero();
    }


    @Test
    void clientWhenTwoClientCertificatesToOneHostThenNeverTheSameConnection() throws Exception {
        TestTls.Identity server = TestTls.selfSigned("idp.test", "ip:127.0.0.1");
        TestTls.Identity alice = TestTls.selfSigned("alice");
        TestTls.Identity bob = TestTls.selfSigned("bob");
        KeepAliveServer idp = serve(KeepAliveServer.https(server.serverContext(
                List.of(alice.certificate(), bob.certificate())), true, KeepAliveServer.success()));

        login(tls(idp, server.certificate(), alice.keyStore()));
        login(tls(idp, server.certificate(), bob.keyStore()));
        login(tls(idp, server.certificate(), alice.keyStore()));

        assertThat(idp.accepted()).isEqualTo(2);
        List<KeepAliveServer.Request> seen = idp.requests();
        assertThat(seen).extracting(KeepAliveServer.Request::connection).containsExactly(1, 2, 1);
        assertThat(seen).extracting(KeepAliveServer.Request::clientCertificate)
                .containsExactly(alice.certificate(), bob.certificate(), alice.certificate());
    }

    @Test
    void clientWhenSameCertificateWithAnotherKeyThenNotTheAuthenticatedConnection() throws Exception {
        TestTls.Identity server = TestTls.selfSigned("idp.test", "ip:127.0.0.1");
        TestTls.Identity alice = TestTls.selfSigned("alice");
        TestTls.Identity mallory = TestTls.selfSigned("mallory");
        KeepAliveServer idp = serve(KeepAliveServer.https(server.serverContext(List.of(alice.certificate())), true,
                KeepAliveServer.success()));
        login(tls(idp, server.certificate(), alice.keyStore()));
        // alice's public certificate with mallory's private key
        KeyStore forged = new TestTls.Identity(mallory.key(), alice.chain()).keyStore();

        // the server refuses the handshake (under TLS 1.3 the client may learn it only as a reset: unreachable)
        assertThatThrownBy(() -> login(tls(idp, server.certificate(), forged)))
                .isInstanceOfSatisfying(EcpException.class, e -> assertThat(e.error())
                        .isIn(EcpError.IDP_TLS_FAILURE, EcpError.IDP_UNREACHABLE));
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void clientWhenAnotherTrustThenNotTheConnectionTheFirstTrustAccepted() throws Exception {
        TestTls.Identity server = TestTls.selfSigned("idp.test", "ip:127.0.0.1");
        TestTls.Identity stranger = TestTls.selfSigned("stranger.test", "ip:127.0.0.1");
        KeepAliveServer idp = serve(KeepAliveServer.https(server.serverContext(List.of()), false,
                KeepAliveServer.success()));
        login(IdpEndpoint.builder(Samples.IDP_ENTITY_ID, idp.uri()).credentials(Fixtures.basic())
                .pinnedCertificates(List.of(server.certificate())).build());

        IdpEndpoint other = IdpEndpoint.builder(Samples.IDP_ENTITY_ID, idp.uri()).credentials(Fixtures.basic())
                .pinnedCertificates(List.of(stranger.certificate())).build();
        assertThatThrownBy(() -> login(other)).isInstanceOfSatisfying(EcpException.class,
                e -> assertThat(e.error()).isEqualTo(EcpError.IDP_TLS_FAILURE));
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void clientWhenTrustStoreChangedThenAnotherKey() throws Exception {
        TestTls.Identity server = TestTls.selfSigned("idp.test", "ip:127.0.0.1");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("idp", server.certificate());
        URI url = URI.create("https://127.0.0.1:1/sso");
        TransportKey before = TransportKey.of(IdpEndpoint.builder(url).trustStore(store).build()).orElseThrow();
        store.setCertificateEntry("another", TestTls.selfSigned("another").certificate());

        assertThat(TransportKey.of(IdpEndpoint.builder(url).trustStore(store).build()).orElseThrow())
                .isNotEqualTo(before);
    }

    private static IdpEndpoint tls(KeepAliveServer idp, X509Certificate trusted, KeyStore key) throws Exception {
        return IdpEndpoint.builder(Samples.IDP_ENTITY_ID, idp.uri()).pinnedCertificates(List.of(trusted))
                .credentials(IdpCredentials.clientCertificate(key, TestTls.PASSWORD))
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(10)).build();
    }
}
