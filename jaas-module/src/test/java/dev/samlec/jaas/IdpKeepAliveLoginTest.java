package dev.samlec.jaas;

import static dev.samlec.jaas.DemoSetup.handler;
import static dev.samlec.jaas.DemoSetup.module;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samlec.mech.testing.CountingProxy;
import java.net.URI;
import java.util.Map;
import javax.security.auth.Subject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The initiator option {@code idpKeepAlive}: by default two logins' credential checks share one kept-alive
 * connection to the IdP; with {@code false}, each check opens its own. Counted by a TCP proxy in front of the demo
 * IdP.
 */
class IdpKeepAliveLoginTest {
    private static DemoSetup demo;
    private CountingProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        demo = DemoSetup.http();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @BeforeEach
    void proxy() throws Exception {
        proxy = CountingProxy.to(demo.idp.ssoUrl());
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxy.close();
    }

    private void login(String keepAlive) throws Exception {
        Map<String, Object> options = demo.clientOptions();
        options.put("idpUrl", proxy.through(URI.create(options.get("idpUrl").toString())).toString());
        if (keepAlive != null) {
            options.put("idpKeepAlive", keepAlive);
        }
        SamlecLoginModule module = module(new Subject(), handler("alice", "alicepw"), options);
        assertThat(module.login()).isTrue();
        module.abort();
    }

    @Test
    void loginWhenDefaultThenTwoChecksShareOneIdpConnection() throws Exception {
        login(null);
        login(null);
        assertThat(proxy.accepted()).isEqualTo(1);
    }

    @Test
    void loginWhenIdpKeepAliveFalseThenANewIdpConnectionPerCheck() throws Exception {
        login("false");
        login("false");
        assertThat(proxy.accepted()).isEqualTo(2);
    }
}
