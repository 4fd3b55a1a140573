package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.TrustingDemoCa;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Hashtable;
import java.util.List;
import javax.naming.AuthenticationException;
import javax.naming.Context;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SAML20EC with holder-of-key over LDAPS with TLS client authentication, through ApacheDS and JNDI: the client sends
 * {@code hok} and logs in at the demo IdP (HTTPS) with the key it also presents on the LDAPS connection; the IdP binds
 * that key into the assertion; the LDAP service (holder-of-key only) checks it against the connection's client
 * certificate, which ApacheDS's handler hands over as the MINA session's SSLSession.
 */
@Timeout(120)
class HolderOfKeyLdapsBindTest {
    @TempDir
    static Path dir;
    private static HolderOfKeyFixture hok;

    @BeforeAll
    static void start() throws Exception {
        hok = new HolderOfKeyFixture(dir, true);
    }

    @AfterAll
    static void stop() {
        hok.close();
    }

    /** A SAML20EC bind over LDAPS presenting {@code onConnection} (null: no certificate), holder-of-key with alice. */
    private static LdapContext bind(KeyStore onConnection, boolean holderOfKey) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldaps://127.0.0.1:" + hok.listener.port());
        env.put(Context.SECURITY_AUTHENTICATION, SamlecSasl.SAML20EC);
        if (onConnection != null) {
            PresentingClientKey.use(onConnection, DemoTls.password(), hok.tls.caCertificate());
            env.put("java.naming.ldap.factory.socket", PresentingClientKey.class.getName());
        } else {
            TrustingDemoCa.trust(hok.tls.caCertificate());
            env.put("java.naming.ldap.factory.socket", TrustingDemoCa.class.getName());
        }
        env.put(SamlecSasl.IDPS, List.of(hok.idpEndpoint()));
        if (holderOfKey) {
            env.put(SamlecSasl.HOLDER_OF_KEY, IdpCredentials.clientCertificate(hok.alice, DemoTls.password()));
        } else {
            env.put(SamlecSasl.IDPS, List.of(hok.idpEndpoint().withCredentials(
                    IdpCredentials.clientCertificate(hok.alice, DemoTls.password()))));
        }
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return new InitialLdapContext(env, null);
    }

    @Test
    void bindWhenConnectionKeyIsAssertionKeyThenWhoAmIIsAlice() throws Exception {
        LdapContext context = bind(hok.alice, true);
        try {
            assertThat(WhoAmI.of(context)).isEqualToIgnoringCase("dn:" + LdapFixture.ALICE);
        } finally {
            context.close();
        }
    }

    @Test
    void bindWhenNoClientCertificateOnConnectionThenRefused() {
        assertThatThrownBy(() -> bind(null, true)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid_subject_confirmation");
    }

    @Test
    void bindWhenOtherKeyOnConnectionThenRefused() {
        assertThatThrownBy(() -> bind(hok.tls.clientKeyStore("bob"), true)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid_subject_confirmation");
    }

    @Test
    void bindWhenBearerClientOnHolderOfKeyOnlyServiceThenRefused() {
        assertThatThrownBy(() -> bind(hok.alice, false)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid_subject_confirmation");
    }
}
