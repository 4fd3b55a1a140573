package dev.samlec.mech.client;

import static dev.samlec.mech.client.Fixtures.SOAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.samlec.mech.EcpConfigurationException;
import dev.samlec.mech.EcpError;
import dev.samlec.mech.EcpException;
import dev.samlec.mech.message.Samples;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link EcpHttpClient}'s recorder, challenge-time credentials and extra SP headers, against the stubs. */
class EcpHttpClientHooksTest {
    private StubSp sp;
    private StubServer idp;
    private String idpAnswer;

    @BeforeEach
    void start() throws Exception {
        sp = new StubSp();
        idp = StubServer.http();
        idpAnswer = Fixtures.success(sp.acs());
        idp.on("/sso", r -> StubServer.Reply.of(200, SOAP, idpAnswer));
    }

    @AfterEach
    void stop() {
        sp.close();
        idp.close();
    }

    private EcpHttpClient.Builder builder(IdpCredentials credentials) throws EcpConfigurationException {
        return EcpHttpClient.builder().allowInsecureHttp(true)
                .idp(Fixtures.httpIdp(Samples.IDP_ENTITY_ID, idp.uri("/sso")).credentials(credentials).build());
    }

    @Test
    void fetchWhenRecorderSetThenItGetsTheFourMessagesInOrderAsSentAndReceived() throws Exception {
        List<Map.Entry<EcpExchangeRecorder.Message, String>> recorded = new ArrayList<>();
        try (EcpHttpClient client = builder(Fixtures.basic())
                .recorder((m, bytes) -> recorded.add(Map.entry(m, new String(bytes, StandardCharsets.UTF_8))))
                .build()) {
            client.fetch(sp.resource());
        }
        assertThat(recorded).extracting(Map.Entry::getKey).containsExactly(EcpExchangeRecorder.Message.SP_CHALLENGE,
                EcpExchangeRecorder.Message.IDP_REQUEST, EcpExchangeRecorder.Message.IDP_RESPONSE,
                EcpExchangeRecorder.Message.SP_RESPONSE);
        assertThat(recorded.get(0).getValue()).isEqualTo(sp.shibbolethChallenge());
        assertThat(recorded.get(1).getValue()).isEqualTo(idp.requests("/sso").get(0).bodyText());
        assertThat(recorded.get(2).getValue()).isEqualTo(idpAnswer);
        assertThat(recorded.get(3).getValue()).isEqualTo(sp.server.requests("/acs").get(0).bodyText());
    }

    @Test
    void fetchWhenChallengeCredentialsSetThenAskedOnceAtTheChallengeAndSentToTheIdp() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        try (EcpHttpClient client = builder(IdpCredentials.none()).challengeCredentials(endpoint -> {
            asked.incrementAndGet();
            return IdpCredentials.basic("carol", "secret".toCharArray());
        }).build()) {
            client.fetch(sp.server.uri("/public"));
            assertThat(asked).hasValue(0);
            client.fetch(sp.resource());
        }
        assertThat(asked).hasValue(1);
        assertThat(idp.requests("/sso").get(0).header("Authorization")).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("carol:secret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fetchWhenChallengeCredentialsFailThenTheirCodeAndNothingSentToTheIdp() throws Exception {
        try (EcpHttpClient client = builder(IdpCredentials.none()).challengeCredentials(endpoint -> {
            throw new EcpException(EcpError.CREDENTIALS_UNAVAILABLE, "no terminal");
        }).build()) {
            EcpException e = catchThrowableOfType(() -> client.fetch(sp.resource()), EcpException.class);
            assertThat(e.error()).isEqualTo(EcpError.CREDENTIALS_UNAVAILABLE);
        }
        assertThat(idp.requests("/sso")).isEmpty();
    }

    @Test
    void fetchWhenSpHeadersSetThenEverySpRequestCarriesThemAndTheIdpNone() throws Exception {
        try (EcpHttpClient client = builder(Fixtures.basic()).spHeader("X-Trace", "42").build()) {
            client.fetch(sp.resource());
        }
        assertThat(sp.server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.header("X-Trace")).isEqualTo("42"));
        assertThat(idp.requests("/sso").get(0).header("X-Trace")).isNull();
    }

    @Test
    void spHeaderWhenReservedOrMalformedThenRefused() throws Exception {
        for (String name : List.of("Accept", "paos", "COOKIE", "Authorization", "Host", "Content-Length",
                "Transfer-Encoding", "Proxy-Authorization")) {
            assertThat(catchThrowableOfType(() -> builder(Fixtures.basic()).spHeader(name, "x"),
                    EcpConfigurationException.class)).as(name).hasMessageContaining("set by the ECP exchange");
        }
        for (String[] header : List.of(new String[] {"X A", "b"}, new String[] {"", "b"},
                new String[] {"X-A", "b\r\nX-B: c"}, new String[] {"X:A", "b"})) {
            assertThat(catchThrowableOfType(() -> builder(Fixtures.basic()).spHeader(header[0], header[1]),
                    EcpConfigurationException.class)).hasMessageContaining("not a valid HTTP header");
        }
    }
}
