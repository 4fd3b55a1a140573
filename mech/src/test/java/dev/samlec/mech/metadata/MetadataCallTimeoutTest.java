package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.DripServer.Mode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A metadata URL that drips its answer, stalls the TLS handshake or redirects slowly is given up at the call
 * timeout, which bounds the whole fetch, redirects included: {@code metadata_invalid} naming the setting, within
 * the deadline plus a generous margin, and the connection closed by the client.
 */
class MetadataCallTimeoutTest {
    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private DripServer drip;
    private HttpServer server;

    @AfterEach
    void stop() {
        if (drip != null) {
            drip.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    private static EcpConfigurationException failure(MetadataLoader.Builder loader, URI url) {
        MetadataLoader built = loader.responseTimeout(Duration.ofSeconds(30)).callTimeout(DEADLINE).build();
        Object outcome = assertTimeoutPreemptively(DEADLINE.plusSeconds(5), () -> {
            try {
                return built.load(url);
            } catch (EcpConfigurationException e) {
                return e;
            }
        });
        assertThat(outcome).as("the fetch must fail").isInstanceOf(EcpConfigurationException.class);
        EcpConfigurationException e = (EcpConfigurationException) outcome;
        assertThat(e.error()).as(e.describe()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("within the call timeout of 1000 ms (callTimeout", "aborted");
        return e;
    }

    private void assertConnectionsClosed() throws InterruptedException {
        assertThat(drip.awaitClientsGone(Duration.ofSeconds(5))).as("the client closed its connection").isTrue();
    }

    @Test
    void loadUrlWhenBodyDripsThenMetadataInvalidAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        failure(MetadataLoader.builder(), drip.uri("http", "/md"));
        assertConnectionsClosed();
    }

    @Test
    void loadUrlWhenHeadersDripThenMetadataInvalidAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.HEADERS);
        failure(MetadataLoader.builder(), drip.uri("http", "/md"));
        assertConnectionsClosed();
    }

    @Test
    void loadUrlWhenTlsHandshakeStallsThenMetadataInvalidAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.SILENT);
        failure(MetadataLoader.builder().sslContext(SSLContext.getDefault()), drip.uri("https", "/md"));
        assertConnectionsClosed();
    }

    @Test
    void loadUrlWhenTlsHandshakeDripsThenMetadataInvalidAtTheCallTimeout() throws Exception {
        drip = DripServer.plain(Mode.TLS_RECORD);
        failure(MetadataLoader.builder(), drip.uri("https", "/md"));
        assertConnectionsClosed();
    }

    @Test
    void loadUrlWhenEachRedirectIsSlowThenTheWholeFetchIsBounded() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/loop", exchange -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseHeaders().add("Location", "/loop");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        failure(MetadataLoader.builder(), URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/loop"));
    }

    @Test
    void callTimeoutWhenNotPositiveThenRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetadataLoader.builder().callTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("callTimeout");
        assertThat(MetadataLoader.DEFAULT_CALL_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    }
}
