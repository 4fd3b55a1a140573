package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.testkit.TrustingDemoCa;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Hashtable;
import javax.naming.AuthenticationException;
import javax.naming.AuthenticationNotSupportedException;
import javax.naming.Context;
import javax.naming.directory.Attribute;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
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
    private static TlsListener ldaps;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
        ldaps = TlsListener.start(ldap, dir, true);
        TrustingDemoCa.trust(ldaps.tls.caCertificate());
    }

    @AfterAll
    static void stop() {
        ldaps.close();
        ldap.close();
    }

    private static String ldapsUrl() {
        return "ldaps://127.0.0.1:" + ldaps.port();
    }

    private static LdapContext bind(String url, String mechanism, String password) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        env.put(Context.SECURITY_AUTHENTICATION, mechanism);
        env.put("java.naming.security.sasl.callback", ldap.user("alice", password));
        if (url.startsWith("ldaps:")) {
            env.put("java.naming.ldap.factory.socket", TrustingDemoCa.class.getName());
        }
        env.put("com.sun.jndi.ldap.tls.cbtype", "tls-server-end-point");
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return new InitialLdapContext(env, null);
    }

    @Test
    void plusOverLdapsWhenBindingMatchesThenWhoAmIIsEntry() throws Exception {
        LdapContext context = bind(ldapsUrl(), "SAML20EC-PLUS", "alicepw");
        try {
            assertThat(WhoAmI.of(context)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
            Attribute mechanisms = context.getAttributes("", new String[] {"supportedSASLMechanisms"})
                    .get("supportedSASLMechanisms");
            assertThat(Collections.list(mechanisms.getAll()).stream().map(String::valueOf))
                    .contains("SAML20EC", "SAML20EC-PLUS");
        } finally {
            context.close();
        }
    }

    @Test
    void plusOverLdapsWhenWrongPasswordThenInvalidCredentials() {
        assertThatThrownBy(() -> bind(ldapsUrl(), "SAML20EC-PLUS", "wrong"))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.getRootCause())
                        .hasMessageStartingWith("idp_authentication_failed: "));
    }

    @Test
    void plainMechanismOverLdapsWhenClientCouldBindThenDowngradeRefused() {
        // JNDI passes the binding data, so the client sends "y"; this server offers -PLUS: a downgrade
        assertThatThrownBy(() -> bind(ldapsUrl(), "SAML20EC", "alicepw"))
                .isInstanceOf(AuthenticationException.class).hasMessageContaining("channel_binding_downgrade");
    }

    @Test
    void plusOverPlainLdapThenNoClientForWantOfTls() {
        // without a TLS connection there is no binding data, so the -PLUS client is never created
        assertThatThrownBy(() -> bind(ldap.directory.ldapUrl(), "SAML20EC-PLUS", "alicepw"))
                .isInstanceOf(AuthenticationNotSupportedException.class);
    }
}
