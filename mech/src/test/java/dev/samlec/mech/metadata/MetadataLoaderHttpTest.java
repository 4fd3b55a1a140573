package dev.samlec.mech.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetadataLoaderHttpTest {
    private static final byte[] KEYCLOAK = MetadataFixtures.resource("keycloak-idp-metadata.xml");

    private static final byte[] LOGIN_PAGE = ("\n<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
            + "<body><form method=post><input name=password type=password></form></body></html>").getBytes();

    private HttpServer server;
    private ExecutorService executor;
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/md", exchange -> send(exchange, 200, KEYCLOAK));
        server.createContext("/login-page", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            send(exchange, 200, LOGIN_PAGE);
        });
        server.createContext("/login-page-as-xml", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            send(exchange, 200, LOGIN_PAGE);
        });
        server.createContext("/missing", exchange -> send(exchange, 404, "not here".getBytes()));
        server.createContext("/same-host", redirect(() -> base() + "/md"));
        server.createContext("/relative", redirect(() -> "/md"));
        server.createContext("/other-host", redirect(() -> "http://localhost:" + port() + "/md"));
        server.createContext("/loop", redirect(() -> "/loop"));
        server.createContext("/slow", exchange -> {
            awaitRelease();
            send(exchange, 200, KEYCLOAK);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private String base() {
        return "http://127.0.0.1:" + port();
    }

    private HttpHandler redirect(java.util.function.Supplier<String> location) {
        return exchange -> {
            hits.incrementAndGet();
            exchange.getResponseHeaders().add("Location", location.get());
            send(exchange, 302, new byte[0]);
        };
    }

    private void awaitRelease() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static EcpConfigurationException failure(MetadataLoader loader, URI url) {
        Throwable t = catchThrowable(() -> loader.load(url));
        assertThat(t).isInstanceOf(EcpConfigurationException.class);
        return (EcpConfigurationException) t;
    }

    @Test
    void loadUrlWhenOkThenParsed() throws Exception {
        IdpMetadata idp = MetadataLoader.builder().build().load(URI.create(base() + "/md"));

        assertThat(idp.entityId()).isEqualTo("http://127.0.0.1:8080/realms/ecp");
    }

    @Test
    void loadUrlWhenLoginPageThenReportedAsHtmlNotAsDoctype() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(), URI.create(base() + "/login-page"));

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).startsWith("the metadata URL " + base() + "/login-page answered an HTML page"
                + " (Content-Type text/html; charset=utf-8), not SAML metadata").doesNotContainIgnoringCase("DOCTYPE");
    }

    @Test
    void loadUrlWhenHtmlServedAsXmlThenStillReportedAsHtml() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(),
                URI.create(base() + "/login-page-as-xml"));

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("answered an HTML page (Content-Type application/xml)");
    }

    @Test
    void loadUrlWhenHttp404ThenMetadataInvalidWithStatus() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(), URI.create(base() + "/missing"));

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("HTTP 404");
    }

    @Test
    void loadUrlWhenRedirectToSameOriginThenFollowed() throws Exception {
        MetadataLoader loader = MetadataLoader.builder().build();

        assertThat(loader.load(URI.create(base() + "/same-host")).entityId()).contains("realms/ecp");
        assertThat(loader.load(URI.create(base() + "/relative")).entityId()).contains("realms/ecp");
    }

    @Test
    void loadUrlWhenRedirectToAnotherHostThenRedirectRefused() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(), URI.create(base() + "/other-host"));

        assertThat(e.error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(e.getMessage()).contains("http://localhost:" + port() + "/md");
    }

    @Test
    void loadUrlWhenRedirectLoopThenRedirectRefusedAfterLimit() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(), URI.create(base() + "/loop"));

        assertThat(e.error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(hits.get()).isEqualTo(MetadataFetcher.MAX_REDIRECTS + 1);
    }

    @Test
    void loadUrlWhenBodyLargerThanCapThenMetadataInvalid() {
        MetadataLoader small = MetadataLoader.builder().maxBytes(1000).build();

        EcpConfigurationException e = failure(small, URI.create(base() + "/md"));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("larger than the limit of 1000 bytes");
    }

    @Test
    void loadUrlWhenServerDoesNotAnswerThenMetadataInvalidTimeout() {
        MetadataLoader impatient = MetadataLoader.builder().responseTimeout(Duration.ofMillis(300)).build();

        EcpConfigurationException e = failure(impatient, URI.create(base() + "/slow"));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("did not answer in time");
    }

    @Test
    void loadUrlWhenNothingListensThenMetadataInvalid() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        EcpConfigurationException e = failure(MetadataLoader.builder().build(),
                URI.create("http://127.0.0.1:" + closedPort + "/md"));
        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("could not be fetched");
    }

    @Test
    void loadUrlWhenNotHttpThenMetadataInvalid() {
        EcpConfigurationException e = failure(MetadataLoader.builder().build(), URI.create("file:///etc/passwd"));

        assertThat(e.error()).isEqualTo(EcpError.METADATA_INVALID);
        assertThat(e.getMessage()).contains("absolute http or https URL");
    }
}
