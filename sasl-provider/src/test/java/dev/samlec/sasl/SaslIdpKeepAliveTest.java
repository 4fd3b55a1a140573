package dev.samlec.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.testing.CountingProxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client property {@link SamlecSasl#IDP_KEEP_ALIVE}: by default two SAML20EC logins make their IdP calls on one
 * kept-alive connection; with {@code false}, each login opens its own. Counted by a TCP proxy in front of the demo
 * IdP.
 */
class SaslIdpKeepAliveTest {
    private static SaslFixture fixture;
    private CountingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        fixture = new SaslFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void proxy() throws Exception {
        proxy = CountingProxy.to(fixture.idp.ssoUrl());
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
    }

    private void login(Object keepAlive) throws Exception {
        IdpEndpoint idp = fixture.endpoint("alice", "alicepw");
        IdpEndpoint viaProxy = IdpEndpoint.builder(idp.entityId(), proxy.through(idp.soapUrl()))
                .allowInsecureHttp(true).credentials(idp.credentials()).build();
        Map<String, Object> props = new HashMap<>();
        props.put(SamlecSasl.IDPS, List.of(viaProxy));
        if (keepAlive != null) {
            props.put(SamlecSasl.IDP_KEEP_ALIVE, keepAlive);
        }
        SaslClient client = fixture.client(SamlecSasl.SAML20EC, null, props, null);
        SaslServer server = fixture.server(fixture.acceptor());
        SaslFixture.run(client, server);
        assertThat(server.getAuthorizationID()).isEqualTo("alice");
    }

    @Test
    void clientWhenDefaultThenTwoLoginsShareOneIdpConnection() throws Exception {
        login(null);
        login(null);
        assertThat(proxy.accepted()).isEqualTo(1);
    }

    @Test
    void clientWhenKeepAliveFalseThenANewIdpConnectionPerLogin() throws Exception {
        login("false");
        login(Boolean.FALSE);
        assertThat(proxy.accepted()).isEqualTo(2);
    }

    @Test
    void createWhenKeepAliveNotABooleanThenConfigurationError() {
        for (Object value : List.of("yes", "", 1)) {
            assertThatThrownBy(() -> fixture.client(SamlecSasl.SAML20EC, null,
                    Map.of(SamlecSasl.IDP_KEEP_ALIVE, value), null)).as(String.valueOf(value))
                    .isInstanceOf(SamlecSaslException.class)
                    .hasMessageStartingWith("invalid_configuration: property " + SamlecSasl.IDP_KEEP_ALIVE);
        }
    }
}
