package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.samlec.mech.SecureXmlParser;
import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.message.PaosResponse;
import dev.samlec.mech.testing.DripServer;
import dev.samlec.mech.testing.DripServer.Mode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client property {@link SamlecSasl#CALL_TIMEOUT} bounds the SAML20EC client's call to the IdP: against an IdP
 * that drips its answer one byte at a time the client gives up at the property's deadline (not the endpoint's
 * 60 s), and throws {@code idp_timeout}.
 */
class SaslCallTimeoutTest {
    private static final SecureXmlParser PARSER = new SecureXmlParser(SecureXmlParser.DEFAULT_MAX_BYTES);
    private static SaslFixture fixture;
    private DripServer drip;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @AfterEach
    void stopDrip() {
        if (drip != null) {
            drip.close();
        }
    }

    private IdpEndpoint drippingIdp() throws Exception {
        drip = DripServer.plain(Mode.BODY);
        return IdpEndpoint.builder(fixture.idp.entityId(), drip.uri("http", "/sso")).allowInsecureHttp(true)
                .responseTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60))
                .credentials(IdpCredentials.basic("alice", "alicepw".toCharArray())).build();
    }

    @Test
    void clientWhenCallTimeoutPropertyAndIdpDripsThenIdpTimeoutFaultWithinTheDeadline() throws Exception {
        for (Object value : List.of("PT1S", Duration.ofSeconds(1))) {
            SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                    List.of(drippingIdp()), SamlecSasl.CALL_TIMEOUT, value), null);
            SaslServer server = fixture.server(fixture.acceptor());
            byte[] challenge = server.evaluateResponse(client.evaluateChallenge(new byte[0]));

            Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(1 + 5),
                    () -> catchThrowable(() -> client.evaluateChallenge(challenge)));

            assertThat(thrown).isInstanceOf(SamlecSaslException.class)
                    .hasMessageStartingWith("idp_timeout: ").hasMessageContaining("call timeout of 1000 ms");
            assertThat(drip.awaitClientsGone(Duration.ofSeconds(5))).isTrue();
            drip.close();
        }
    }

    @Test
    void createWhenCallTimeoutPropertyInvalidThenConfigurationError() {
        for (Object value : List.of("ten seconds", "PT0S", "-PT1S", "PT600H", 1000)) {
            assertThatThrownBy(() -> fixture.client(SamlecSasl.SAML20EC, null,
                    Map.of(SamlecSasl.CALL_TIMEOUT, value), null)).as(String.valueOf(value))
                    .isInstanceOf(SamlecSaslException.class)
                    .hasMessageStartingWith("invalid_configuration: property " + SamlecSasl.CALL_TIMEOUT);
        }
    }

    @Test
    void clientWhenCallTimeoutPropertyAmpleThenLoginSucceeds() throws Exception {
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, Map.of(SamlecSasl.IDPS,
                List.of(fixture.endpoint("alice", "alicepw")), SamlecSasl.CALL_TIMEOUT, "PT30S"), null);
        SaslServer server = fixture.server(fixture.acceptor());
        SaslFixture.run(client, server);
        assertThat(server.isComplete()).isTrue();
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }
}
