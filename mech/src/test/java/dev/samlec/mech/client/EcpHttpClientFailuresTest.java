package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.message.Samples;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP ECP flow when the SP, the IdP or the network misbehave; above all, the assertion must never leak. */
class EcpHttpClientFailuresTest {
    private final CountDownLatch release = new CountDownLatch(1);
    private StubSp sp;
    private StubServer idp;

    @BeforeEach
    void start() throws Exception {
        sp = new StubSp();
        idp = StubServer.http();
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(sp.acs())));
    }

    @AfterEach
    void stop() {
        release.countDown();
        sp.close();
        idp.close();
    }

    private EcpHttpClient.Builder builder() throws EcpException {
        return EcpHttpClient.builder().allowInsecureHttp(true)
                .idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build());
    }

    private static EcpException failure(EcpHttpClient.Builder builder, URI resource) {
        Object outcome = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (EcpHttpClient client = builder.build()) {
                return client.fetch(resource);
            } catch (EcpException e) {
                return e;
            }
        });
        assertThat(outcome).as("the fetch must fail").isInstanceOf(EcpException.class);
        return (EcpException) outcome;
    }

    private void assertNoSamlResponseReachedTheSp() {
        for (StubServer.Request r : sp.server.requests()) {
            assertThat(r.bodyText()).doesNotContain("urn:oasis:names:tc:SAML:2.0:protocol",
                    "urn:oasis:names:tc:SAML:2.0:assertion", "NameID", "dsig:");
        }
    }

    @Test
    void fetchWhenIdpNamesAnotherAcsThenAcsMismatchAndOnlyASoapFaultReachesTheSp() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success("https://attacker.example/acs")));
        EcpException e = failure(builder(), sp.resource());

        assertThat(e.error()).isEqualTo(EcpError.ACS_MISMATCH);
        assertThat(e.getMessage()).contains("https://attacker.example/acs", sp.acs());
        assertThat(sp.server.requests("/acs")).hasSize(1);
        StubServer.Request fault = sp.server.requests("/acs").get(0);
        assertThat(fault.header("Content-Type")).startsWith("application/vnd.paos+xml");
        PaosResponse posted = PaosResponse.parse(fault.body(), Samples.parser());
        assertThat(posted.fault()).isPresent();
        assertThat(posted.response()).isEmpty();
        assertNoSamlResponseReachedTheSp();
    }

    @Test
    void fetchWhenSuccessWithoutEcpResponseHeaderThenAcsMismatch() throws Exception {
        String noHeader = Fixtures.success(sp.acs()).replaceAll("<ecp:Response [^>]*/>", "");
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, noHeader));
        EcpException e = failure(builder(), sp.resource());

        assertThat(e.error()).isEqualTo(EcpError.ACS_MISMATCH);
        assertThat(PaosResponse.parse(sp.server.requests("/acs").get(0).body(), Samples.parser()).fault())
                .isPresent();
        assertNoSamlResponseReachedTheSp();
    }

    @Test
    void fetchWhenAcsDiffersOnlyByCaseThenMismatch() throws Exception {
        String upper = sp.acs().replace("/acs", "/ACS");
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(upper)));
        assertThat(failure(builder(), sp.resource()).error()).isEqualTo(EcpError.ACS_MISMATCH);
        assertNoSamlResponseReachedTheSp();
    }

    @Test
    void fetchWhenWrongPasswordThenAuthenticationFailedAndNothingPostedToTheSp() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.wrongPassword()));
        assertThat(failure(builder(), sp.resource()).error()).isEqualTo(EcpError.IDP_AUTHENTICATION_FAILED);
        assertThat(sp.server.requests("/acs")).isEmpty();
    }

    @Test
    void fetchWhenSpRefusesThePaosResponseThenRejectedLogin() throws Exception {
        sp.acsHandler = r -> StubServer.Reply.of(403, "text/html", "<html>Message was signed, but signature"
                + " could not be verified</html>");
        EcpException e = failure(builder(), sp.resource());
        assertThat(e.error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
        assertThat(e.getMessage()).contains("403", "signature could not be verified");
    }

    @Test
    void fetchWhenSpChallengesAgainAfterLoginThenRejectedLogin() throws Exception {
        sp.acsHandler = r -> StubServer.Reply.redirect(302, "/resource");
        assertThat(failure(builder(), sp.resource()).error()).isEqualTo(EcpError.SP_REJECTED_LOGIN);
        assertThat(idp.requests()).hasSize(1);
    }

    @Test
    void fetchWhenSpRedirectsToAnotherHostAfterLoginThenRedirectRefused() throws Exception {
        URI otherHost = URI.create("http://localhost:" + sp.server.port() + "/resource");
        sp.acsHandler = r -> StubServer.Reply.redirect(303, otherHost.toString());
        EcpException e = failure(builder(), sp.resource());
        assertThat(e.error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(sp.server.requests("/resource")).hasSize(1);
    }

    @Test
    void fetchWhenResourceRedirectsToAnotherHostThenRedirectRefused() throws Exception {
        sp.server.on("/moved", r -> StubServer.Reply.redirect(302, "http://localhost:" + sp.server.port() + "/x"));
        assertThat(failure(builder(), sp.server.uri("/moved")).error()).isEqualTo(EcpError.REDIRECT_REFUSED);
    }

    @Test
    void fetchWhenRedirectLoopThenRefusedAfterFiveHops() throws Exception {
        sp.server.on("/loop", r -> StubServer.Reply.redirect(302, "/loop"));
        assertThat(failure(builder(), sp.server.uri("/loop")).error()).isEqualTo(EcpError.REDIRECT_REFUSED);
        assertThat(sp.server.requests("/loop")).hasSize(1 + SpSession.MAX_REDIRECTS);
    }

    @Test
    void fetchWhenSpAnswersThePaosResponseWith307ThenRefusedInsteadOfRepostingTheAssertion() throws Exception {
        sp.acsHandler = r -> StubServer.Reply.redirect(307, "/acs2");
        assertThat(failure(builder(), sp.resource()).error()).isEqualTo(EcpError.SP_HTTP_STATUS);
        assertThat(sp.server.requests("/acs2")).isEmpty();
    }

    @Test
    void fetchWhenRedirectHasNoLocationThenHttpStatus() throws Exception {
        sp.server.on("/nowhere", r -> StubServer.Reply.of(302, null, new byte[0]));
        assertThat(failure(builder(), sp.server.uri("/nowhere")).error()).isEqualTo(EcpError.SP_HTTP_STATUS);
    }

    @Test
    void fetchWhenSameHostRedirectThenFollowed() throws Exception {
        sp.server.on("/old", r -> StubServer.Reply.redirect(301, "/public"));
        try (EcpHttpClient client = builder().build()) {
            HttpResult result = client.fetch(sp.server.uri("/old"));
            assertThat(result.finalUri()).isEqualTo(sp.server.uri("/public"));
            assertThat(result.bodyAsString()).contains("public");
        }
    }

    @Test
    void fetchWhenResponseConsumerUrlIsHttpAndNotAllowedThenRefusedBeforeTheIdp() throws Exception {
        EcpHttpClient.Builder strict = EcpHttpClient.builder()
                .idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).build());
        assertThat(failure(strict, sp.resource()).error()).isEqualTo(EcpError.INVALID_CONFIGURATION);
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void fetchWhenChallengeBreaksTheHeaderRulesThenRefusedBeforeTheIdp() throws Exception {
        sp.challenge = s -> s.shibbolethChallenge().replaceFirst("(<paos:Request[^>]*?) S:mustUnderstand=\"1\"", "$1");
        assertThat(failure(builder(), sp.resource()).error()).isEqualTo(EcpError.MUST_UNDERSTAND_VIOLATION);
        assertThat(idp.requests()).isEmpty();
    }

    @Test
    void fetchWhenIdpSetsCookiesThenTheSpNeverSeesThem() throws Exception {
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, Fixtures.success(sp.acs()))
                .with("Set-Cookie", "KC_RESTART=idp-secret; Path=/"));
        try (EcpHttpClient client = builder().build()) {
            client.fetch(sp.resource());
            client.fetch(sp.resource());
        }
        assertThat(sp.server.requests()).allSatisfy(r ->
                assertThat(String.valueOf(r.header("Cookie"))).doesNotContain("idp-secret"));
    }

    @Test
    void fetchWhenSpDownThenUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThat(failure(builder(), URI.create("http://127.0.0.1:" + port + "/resource")).error())
                .isEqualTo(EcpError.SP_UNREACHABLE);
    }

    @Test
    void fetchWhenSpTooSlowThenTimeout() throws Exception {
        sp.server.on("/slow", r -> {
            release.await(30, TimeUnit.SECONDS);
            return StubServer.Reply.of(200, "text/plain", "late");
        });
        EcpHttpClient.Builder impatient = builder().spResponseTimeout(Duration.ofMillis(300));
        assertThat(failure(impatient, sp.server.uri("/slow")).error()).isEqualTo(EcpError.SP_TIMEOUT);
    }

    @Test
    void fetchWhenResourceIsNotAnAbsoluteHttpUrlThenInvalid() throws Exception {
        assertThat(failure(builder(), URI.create("/relative")).error()).isEqualTo(EcpError.INVALID_CONFIGURATION);
        assertThat(failure(builder(), URI.create("ftp://127.0.0.1/x")).error())
                .isEqualTo(EcpError.INVALID_CONFIGURATION);
    }

    @Test
    void buildWhenNoIdpThenConfigurationError() {
        Samples.assertError(EcpError.INVALID_CONFIGURATION, () -> EcpHttpClient.builder().build());
    }
}
