package dev.samlec.mech.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.Samples;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.DripServer.Mode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The call timeout against a real server that drips one byte at a time (the body, the headers, the TLS handshake,
 * or no answer to the ClientHello at all): the call fails with the peer's timeout code naming the setting, returns
 * within the deadline plus a generous margin (the point is that it ends, not how fast), and the connection is
 * closed by the client rather than left open. The read timeout (30 s) is far longer than each test's deadline and
 * never fires.
 */
class CallTimeoutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final Duration BOUND = DEADLINE.plusSeconds(5);
    private static TestTls.Identity identity;
    private DripServer drip;

    @BeforeAll
    static void certificates() throws Exception {
        identity = TestTls.selfSigned("idp.test", "ip:127.0.0.1", "dns:localhost");
    }

    @AfterEach
    void stop() {
        if (drip != null) {
            drip.close();
        }
    }

    private static IdpEndpoint.Builder idp(URI url) throws Exception {
        return idp("urn:idp", url);
    }

    private static IdpEndpoint.Builder idp(String entityId, URI url) throws Exception {
        return IdpEndpoint.builder(entityId, url).allowInsecureHttp(true).credentials(Fixtures.basic())
                .pinnedCertificates(List.of(identity.certificate()))
                .connectTimeout(Duration.ofSeconds(5)).responseTimeout(Duration.ofSeconds(30)).callTimeout(DEADLINE);
    }

    private EcpException idpFailure(URI url) throws Exception {
        IdpEndpoint endpoint = idp(url).build();
        Object outcome = assertTimeoutPreemptively(BOUND, () -> {
            try (IdpClient client = new IdpClient(endpoint)) {
                return client.send(Fixtures.idpRequest());
            } catch (EcpException e) {
                return e;
            }
        });
        assertThat(outcome).as("the call must fail").isInstanceOf(EcpException.class);
        EcpException e = (EcpException) outcome;
        assertThat(e.error()).as(e.describe()).isEqualTo(EcpError.IDP_TIMEOUT);
        assertThat(e.getMessage()).contains("call timeout of 1000 ms (callTimeout)", "aborted");
        assertThat(drip.awaitClientsGone(Duration.ofSeconds(5))).as("the client closed its connection").isTrue();
        return e;
    }

    @Test
    void sendWhenIdpDripsTheBodyThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        idpFailure(drip.uri("http", "/sso"));
    }

    @Test
    void sendWhenIdpDripsTheHeadersThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.HEADERS);
        idpFailure(drip.uri("http", "/sso"));
    }

    @Test
    void sendWhenIdpNeverAnswersTheClientHelloThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.SILENT);
        idpFailure(drip.uri("https", "/sso"));
    }

    @Test
    void sendWhenIdpDripsTheTlsHandshakeThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.TLS_RECORD);
        idpFailure(drip.uri("https", "/sso"));
    }

    @Test
    void sendWhenIdpDripsTheBodyOverTlsThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.tls(identity.serverContext(List.of()), Mode.BODY);
        idpFailure(drip.uri("https", "/sso"));
    }

    @Test
    void sendWhenIdpDripsTheHeadersOverTlsThenIdpTimeoutAtTheCallTimeout() throws Exception {
        drip = DripServer.tls(identity.serverContext(List.of()), Mode.HEADERS);
        idpFailure(drip.uri("https", "/sso"));
    }

    private EcpException fetchFailure(EcpHttpClient.Builder builder, URI resource) {
        Object outcome = assertTimeoutPreemptively(BOUND, () -> {
            try (EcpHttpClient client = builder.build()) {
                return client.fetch(resource);
            } catch (EcpException e) {
                return e;
            }
        });
        assertThat(outcome).as("the fetch must fail").isInstanceOf(EcpException.class);
        return (EcpException) outcome;
    }

    @Test
    void fetchWhenSpDripsTheBodyThenSpTimeoutAtTheSpCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        EcpHttpClient.Builder client = EcpHttpClient.builder().allowInsecureHttp(true)
                .idp(idp(URI.create("http://127.0.0.1:9/sso")).build())
                .spResponseTimeout(Duration.ofSeconds(30)).spCallTimeout(DEADLINE);
        EcpException e = fetchFailure(client, drip.uri("http", "/resource"));
        assertThat(e.error()).isEqualTo(EcpError.SP_TIMEOUT);
        assertThat(e.getMessage()).contains("call timeout of 1000 ms (spCallTimeout)");
        assertThat(drip.awaitClientsGone(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void fetchWhenMaxTimeRunsOutAtTheIdpThenIdpTimeoutNamingMaxTime() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        try (StubSp sp = new StubSp()) {
            EcpHttpClient.Builder client = EcpHttpClient.builder().allowInsecureHttp(true)
                    .idp(idp(Samples.IDP_ENTITY_ID, drip.uri("http", "/sso"))
                            .callTimeout(Duration.ofSeconds(60)).build())
                    .maxTime(DEADLINE);
            EcpException e = fetchFailure(client, sp.resource());
            assertThat(e.error()).as(e.describe()).isEqualTo(EcpError.IDP_TIMEOUT);
            assertThat(e.getMessage()).contains("overall time limit of 1000 ms", "maxTime");
            assertThat(drip.awaitClientsGone(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void fetchWhenSlowRedirectsOutlastMaxTimeThenSpTimeout() throws Exception {
        try (StubSp sp = new StubSp()) {
            sp.server.on("/loop", r -> {
                Thread.sleep(300);
                return StubServer.Reply.of(302, "text/plain", "again").with("Location", "/loop");
            });
            EcpHttpClient.Builder client = EcpHttpClient.builder().allowInsecureHttp(true)
                    .idp(idp(URI.create("http://127.0.0.1:9/sso")).build()).maxTime(DEADLINE);
            EcpException e = fetchFailure(client, sp.server.uri("/loop"));
            assertThat(e.error()).as(e.describe()).isEqualTo(EcpError.SP_TIMEOUT);
            assertThat(e.getMessage()).contains("overall time limit of 1000 ms");
        }
    }

    @Test
    void buildWhenCallTimeoutNotPositiveThenConfigurationError() {
        Samples.assertError(EcpError.INVALID_CONFIGURATION, () -> idp(URI.create("http://127.0.0.1/sso"))
                .callTimeout(Duration.ZERO).build());
        Samples.assertError(EcpError.INVALID_CONFIGURATION, () -> EcpHttpClient.builder()
                .idp(idp(URI.create("http://127.0.0.1/sso")).build()).spCallTimeout(Duration.ofSeconds(-1)).build());
        Samples.assertError(EcpError.INVALID_CONFIGURATION, () -> EcpHttpClient.builder()
                .idp(idp(URI.create("http://127.0.0.1/sso")).build()).maxTime(Duration.ZERO).build());
        Samples.assertError(EcpError.INVALID_CONFIGURATION, () -> idp(URI.create("http://127.0.0.1/sso")).build()
                .withCallTimeout(Duration.ofMillis(-5)));
    }

    @Test
    void withCallTimeoutThenOnlyTheCallTimeoutChanges() throws Exception {
        IdpEndpoint endpoint = idp(URI.create("http://127.0.0.1/sso")).build();
        IdpEndpoint shorter = endpoint.withCallTimeout(Duration.ofMillis(1500));
        assertThat(shorter.callTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(shorter.credentials()).isSameAs(endpoint.credentials());
        assertThat(shorter.soapUrl()).isEqualTo(endpoint.soapUrl());
        assertThat(shorter.responseTimeout()).isEqualTo(endpoint.responseTimeout());
        assertThat(IdpEndpoint.builder(URI.create("https://idp.test/sso")).useSystemTrust().build().callTimeout())
                .isEqualTo(IdpEndpoint.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(20));
    }
}
