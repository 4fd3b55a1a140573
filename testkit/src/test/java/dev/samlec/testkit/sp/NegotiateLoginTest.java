package dev.samlec.testkit.sp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.client.EcpHttpClient;
import dev.samlec.mech.client.HttpResult;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.metadata.MetadataLoader;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.MitKdc;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTP Negotiate end to end: a real MIT KDC ({@link MitKdc}), the demo IdP accepting Kerberos with its keytab, the
 * demo SP, and mech's ECP client with tickets from a credential cache or a JAAS Subject; and each way it fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NegotiateLoginTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static MitKdc kdc;
    private static DemoIdp idp;
    private static DemoServiceProvider sp;

    @BeforeAll
    static void start() throws Exception {
        kdc = MitKdc.shared();
        idp = DemoIdp.builder().kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE).start();
        sp = DemoServiceProvider.builder()
                .trust(MetadataLoader.builder().connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).build()
                        .load(idp.metadataUrl()))
                .start();
        idp.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
    }

    @AfterAll
    static void stop() {
        if (sp != null) {
            sp.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @Test
    void fetchWhenTicketInCredentialCacheThenIdentityPage() throws Exception {
        Path cache = kdc.ticketCache("1h");

        HttpResult result = fetch(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(), TIMEOUT);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyAsString()).contains("nameId=alice\n", "issuer=" + idp.entityId() + "\n");
    }

    @Test
    void fetchWhenTicketInSubjectThenIdentityPage() throws Exception {
        Subject subject = kerberosSubject(kdc.ticketCache("1h"));

        HttpResult result = fetch(IdpCredentials.negotiate(subject), idp.ssoUrl(), TIMEOUT);

        assertThat(result.bodyAsString()).contains("nameId=alice\n");
    }

    @Test
    void fetchWhenRawKerberosTokenThenIdentityPage() throws Exception {
        IdpCredentials.Negotiate credentials = IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h"))
                .withMechanism(IdpCredentials.Negotiate.Mechanism.KERBEROS);

        assertThat(fetch(credentials, idp.ssoUrl(), TIMEOUT).bodyAsString()).contains("nameId=alice\n");
    }

    @Test
    void fetchWhenKerberosUserUnknownToDirectoryThenIdpAuthenticationFailed() throws Exception {
        kdc.addUser("mallory");

        EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("mallory", "1h")),
                idp.ssoUrl(), TIMEOUT);

        assertThat(e.error()).as("the IdP proved itself, then refused the user").isEqualTo(
                EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("AuthnFailed");
    }

    @Test
    void fetchWhenClientPrincipalHasAnInstanceThenIdpRefusesItAsTheUser() throws Exception {
        kdc.addUser("alice/admin");

        EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("alice/admin", "1h")),
                idp.ssoUrl(), TIMEOUT);

        assertThat(e.error()).as("a verified alice/admin is not alice").isEqualTo(
                EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(e.getMessage()).contains("AuthnFailed");
    }

    @Test
    void fetchWhenManyAttemptsWaitOnASilentKdcThenTheOnesBeyondTheWorkersFailFastWithKdcUnreachable()
            throws Exception {
        Path cache = kdc.ticketCache("1h");
        int attempts = 24;
        kdc.stopKdc();
        ExecutorService callers = Executors.newFixedThreadPool(attempts);
        try (ServerSocket silentKdc = new ServerSocket()) {
            silentKdc.setReuseAddress(true);
            silentKdc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), kdc.port()), attempts * 2);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<EcpException>> results = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                results.add(callers.submit(() -> {
                    go.await();
                    return failure(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(),
                            Duration.ofMillis(1500));
                }));
            }
            go.countDown();
            List<EcpException> failures = new ArrayList<>();
            for (Future<EcpException> result : results) {
                failures.add(result.get(60, TimeUnit.SECONDS));
            }

            List<EcpException> busy = failures.stream().filter(f -> f.getMessage().contains(
                    "Kerberos token requests are already waiting for the KDC")).toList();
            assertThat(busy).as("beyond the bounded workers").hasSizeGreaterThanOrEqualTo(attempts - 16)
                    .allSatisfy(f -> assertThat(f.error()).isEqualTo(EcpError.KDC_UNREACHABLE));
            assertThat(failures).as("the others wait for the silent KDC within the call timeout")
                    .allSatisfy(f -> assertThat(f.error()).isIn(EcpError.KDC_UNREACHABLE, EcpError.IDP_TIMEOUT));
        } finally {
            callers.shutdownNow();
            kdc.restartKdc();
        }
    }

    @Test
    void fetchWhenSubjectWithoutTicketThenCredentialsUnavailable() {
        EcpException e = failure(IdpCredentials.negotiate(new Subject()), idp.ssoUrl(), TIMEOUT);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("holds no Kerberos ticket");
    }

    @Test
    void fetchWhenCredentialCacheMissingThenCredentialsUnavailableWithoutPrompt() throws Exception {
        Path missing = kdc.krb5Conf().resolveSibling("no-such-ccache");

        EcpException e = failure(IdpCredentials.negotiateFromTicketCache(missing), idp.ssoUrl(), TIMEOUT);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("no usable Kerberos ticket", "run kinit");
    }

    @Test
    void fetchWhenTicketExpiredThenCredentialsUnavailable() throws Exception {
        Subject subject = kerberosSubject(kdc.ticketCache("1h"));
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);

        EcpException e = failure(IdpCredentials.negotiate(subject).withClock(later), idp.ssoUrl(), TIMEOUT);

        assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(e.getMessage()).contains("expired at", "alice@" + MitKdc.REALM);
    }

    @Test
    void fetchWhenIdpHostHasNoServicePrincipalThenInvalidConfiguration() throws Exception {
        URI byName = URI.create(idp.ssoUrl().toString().replace("127.0.0.1", "localhost"));

        EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h")), byName, TIMEOUT);

        assertThat(e.error()).isEqualTo(EcpError.INVALID_CONFIGURATION);
        assertThat(e.getMessage()).contains("HTTP@localhost");
    }

    @Test
    void fetchWhenIdpSendsNoMutualTokenThenMutualAuthenticationFailed() throws Exception {
        try (DemoIdp silent = DemoIdp.builder().kerberos(kdc.idpKeytab(), MitKdc.IDP_SERVICE)
                .omitNegotiateReplyToken().entityId(idp.entityId()).start()) {
            silent.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));
            long before = silent.assertionCount();

            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h")),
                    silent.ssoUrl(), TIMEOUT);

            assertThat(e.error()).isEqualTo(EcpError.MUTUAL_AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("no WWW-Authenticate: Negotiate token");
            assertThat(silent.assertionCount()).as("the IdP did issue one; the client did not use it")
                    .isEqualTo(before + 1);
        }
    }

    @Test
    void fetchWhenProxyReplaysAnEarlierMutualTokenThenMutualAuthenticationFailed() throws Exception {
        AtomicReference<String> firstReply = new AtomicReference<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        proxy.createContext("/", exchange -> {
            try (exchange) {
                HttpRequest.Builder forward = HttpRequest.newBuilder(idp.ssoUrl()).timeout(TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                for (String name : List.of("Authorization", "Content-Type", "SOAPAction")) {
                    String value = exchange.getRequestHeaders().getFirst(name);
                    if (value != null) {
                        forward.header(name, value);
                    }
                }
                HttpResponse<byte[]> answer = HttpClient.newHttpClient().send(forward.build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                String reply = answer.headers().firstValue("WWW-Authenticate").orElse("");
                firstReply.compareAndSet(null, reply);
                exchange.getResponseHeaders().set("WWW-Authenticate", firstReply.get());
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy.start();
        try {
            URI viaProxy = URI.create("http://127.0.0.1:" + proxy.getAddress().getPort() + DemoIdp.SSO_PATH);
            assertThat(fetch(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h")), viaProxy, TIMEOUT)
                    .bodyAsString()).as("the first reply is passed on unchanged").contains("nameId=alice\n");

            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h")), viaProxy,
                    TIMEOUT);

            assertThat(e.error()).isEqualTo(EcpError.MUTUAL_AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("does not verify as HTTP@127.0.0.1");
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void fetchWhenIdpWithoutKerberosThenIdpAuthenticationFailed() throws Exception {
        try (DemoIdp basicOnly = DemoIdp.builder().entityId(idp.entityId()).start()) {
            basicOnly.registerServiceProvider(sp.entityId(), List.of(sp.acsUrl()));

            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(kdc.ticketCache("1h")),
                    basicOnly.ssoUrl(), TIMEOUT);

            assertThat(e.error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("HTTP 401", "Kerberos");
        }
    }

    @Test
    void fetchWhenKdcDownThenKdcUnreachable() throws Exception {
        Path cache = kdc.ticketCache("1h");
        kdc.stopKdc();
        try {
            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(), TIMEOUT);

            assertThat(e.error()).isEqualTo(EcpError.KDC_UNREACHABLE);
            assertThat(e.getMessage()).contains("HTTP@127.0.0.1", "kdc_timeout");
        } finally {
            kdc.restartKdc();
        }
    }

    @Test
    void fetchWhenKdcSilentThenIdpTimeoutWithinCallTimeout() throws Exception {
        Path cache = kdc.ticketCache("1h");
        kdc.stopKdc();
        try (ServerSocket silentKdc = new ServerSocket()) {
            silentKdc.setReuseAddress(true);
            silentKdc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), kdc.port()));
            long started = System.nanoTime();

            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(),
                    Duration.ofMillis(700));

            assertThat(e.error()).isEqualTo(EcpError.IDP_TIMEOUT);
            assertThat(e.getMessage()).contains("no Kerberos service ticket for HTTP@127.0.0.1", "callTimeout");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        } finally {
            kdc.restartKdc();
        }
    }

    @Test
    void fetchWhenKdcSilentThenKdcUnreachableWithinKrb5Timeouts() throws Exception {
        Path cache = kdc.ticketCache("1h");
        kdc.stopKdc();
        try (ServerSocket silentKdc = new ServerSocket()) {
            silentKdc.setReuseAddress(true);
            silentKdc.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), kdc.port()));
            long started = System.nanoTime();

            EcpException e = failure(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(), TIMEOUT);

            assertThat(e.error()).isEqualTo(EcpError.KDC_UNREACHABLE);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("kdc_timeout 2 s, max_retries 1")
                    .isLessThan(TIMEOUT);
        } finally {
            kdc.restartKdc();
        }
    }

    @Test
    void fetchWhenTicketReallyExpiredThenCredentialsUnavailable() throws Exception {
        Path cache = kdc.ticketCache("1s");
        Subject subject = kerberosSubject(cache);
        waitUntilExpired(subject);

        EcpException fromCache = failure(IdpCredentials.negotiateFromTicketCache(cache), idp.ssoUrl(), TIMEOUT);
        EcpException fromSubject = failure(IdpCredentials.negotiate(subject), idp.ssoUrl(), TIMEOUT);

        assertThat(fromCache.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(fromCache.getMessage()).contains("none, or expired");
        assertThat(fromSubject.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        assertThat(fromSubject.getMessage()).contains("expired at");
    }

    /** Waits (about a second) until the system clock is past the end of every ticket of {@code subject}. */
    private static void waitUntilExpired(Subject subject) throws InterruptedException {
        Instant end = subject.getPrivateCredentials(javax.security.auth.kerberos.KerberosTicket.class).stream()
                .map(t -> t.getEndTime().toInstant()).max(Instant::compareTo).orElseThrow();
        assertThat(end).as("a 1 s ticket").isBefore(Instant.now().plusSeconds(30));
        while (!Instant.now().isAfter(end.plusMillis(100))) {
            Thread.sleep(100);
        }
    }

    private static HttpResult fetch(IdpCredentials credentials, URI ssoUrl, Duration callTimeout) throws Exception {
        IdpEndpoint endpoint = IdpEndpoint.builder(idp.entityId(), ssoUrl).credentials(credentials)
                .connectTimeout(TIMEOUT).responseTimeout(TIMEOUT).callTimeout(callTimeout)
                .allowInsecureHttp(true).build();
        try (EcpHttpClient client = EcpHttpClient.builder().idp(endpoint).allowInsecureHttp(true)
                .spConnectTimeout(TIMEOUT).spResponseTimeout(TIMEOUT).build()) {
            return client.fetch(sp.resourceUrl());
        }
    }

    private static EcpException failure(IdpCredentials credentials, URI ssoUrl, Duration callTimeout) {
        return catchThrowableOfType(() -> fetch(credentials, ssoUrl, callTimeout), EcpException.class);
    }

    /** A Subject filled by the JDK's Krb5LoginModule from a credential cache, as a jaas.conf entry would. */
    static Subject kerberosSubject(Path cache) throws Exception {
        AppConfigurationEntry entry = new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("useTicketCache", "true",
                        "ticketCache", cache.toString(), "doNotPrompt", "true"));
        Subject subject = new Subject();
        new LoginContext("test", subject, callbacks -> {
            throw new UnsupportedCallbackException(callbacks[0]);
        }, new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {entry};
            }
        }).login();
        return subject;
    }
}
