package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.sasl.SamlecCallbackHandler;
import dev.samlec.testkit.DemoDirectory;
import dev.samlec.testkit.DemoTls;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.security.auth.callback.CallbackHandler;
import org.apache.directory.server.ldap.LdapServer;
import org.apache.directory.server.protocol.shared.transport.TcpTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAML20EC-PLUS over LDAPS with the JDK's LDAP client: JNDI computes tls-server-end-point itself
 * ({@code com.sun.jndi.ldap.tls.cbtype}) and hands it to samlec's SaslClient; ApacheDS's handler takes the same
 * binding from its side of the TLS session; the demo IdP checks both against the signed request and echoes the
 * binding into the assertion, which samlec's server verifies.
 */
@Timeout(120)
class LdapsPlusBindTest {
    @TempDir
    static Path dir;
    private static LdapFixture ldap;
    private static LdapServer ldaps;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
        DemoTls tls = DemoTls.generate();
        Path keyStore = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            tls.serverKeyStore().store(out, DemoTls.password());
        }
        TrustingDemoCa.trust(tls.caCertificate());
        TcpTransport transport = new TcpTransport("127.0.0.1", 0);
        transport.setEnableSSL(true);
        ldaps = new LdapServer();
        ldaps.setTransports(transport);
        ldaps.setDirectoryService(ldap.directory.ldapServer().getDirectoryService());
        ldaps.setKeystoreFile(keyStore.toString());
        ldaps.setCertificatePassword(new String(DemoTls.password()));
        ldaps.setSaslMechanismHandlers(ldap.directory.ldapServer().getSaslMechanismHandlers());
        ldaps.start();
    }

    @AfterAll
    static void stop() {
        ldaps.stop();
        ldap.close();
    }

    private static int port() {
        return ((InetSocketAddress) ldaps.getTransports()[0].getAcceptor().getLocalAddress()).getPort();
    }

    private static LdapContext bind(String url, String mechanism, String password) throws Exception {
        CallbackHandler handler = new SamlecCallbackHandler(List.of(ldap.endpoint()), "alice",
                password.toCharArray());
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, mechanism);
        env.put("java.naming.security.sasl.callback", handler);
        if (url.startsWith("ldaps:")) {
            env.put("java.naming.ldap.factory.socket", TrustingDemoCa.class.getName());
        }
        env.put("com.sun.jndi.ldap.tls.cbtype", "tls-server-end-point");
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return new InitialLdapContext(env, null);
    }

    @Test
    void plusOverLdapsWhenBindingMatchesThenBoundAsEntry() throws Exception {
        LdapContext context = bind("ldaps://127.0.0.1:" + port(), "SAML20EC-PLUS", "alicepw");
        try {
            assertThat(LdapFixture.strongBindings(ldaps)).contains("uid=alice," + DemoDirectory.PEOPLE_DN);
        } finally {
            context.close();
        }
    }

    @Test
    void plainMechanismOverLdapsWhenClientCouldBindThenDowngradeRefused() {
        // JNDI passes the binding data, so the client sends "y"; this server offers -PLUS: a downgrade
        assertThatThrownBy(() -> bind("ldaps://127.0.0.1:" + port(), "SAML20EC", "alicepw"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("channel_binding_downgrade");
    }

    @Test
    void plusOverPlainLdapThenNoClientForWantOfTls() {
        // without a TLS connection there is no binding data, so the -PLUS client is never created
        assertThatThrownBy(() -> bind(ldap.directory.ldapUrl(), "SAML20EC-PLUS", "alicepw"))
                .isInstanceOf(javax.naming.AuthenticationNotSupportedException.class);
    }
}
