package dev.samlec.apacheds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samlec.mech.client.IdpCredentials;
import dev.samlec.mech.client.IdpEndpoint;
import dev.samlec.mech.client.TlsTrust;
import dev.samlec.mech.service.ConfirmationMethods;
import dev.samlec.mech.service.IdpTrust;
import dev.samlec.mech.service.ServiceProviderSettings;
import dev.samlec.mech.testing.TestCredentials;
import dev.samlec.sasl.SamlecAcceptor;
import dev.samlec.sasl.SamlecSasl;
import dev.samlec.testkit.DemoIdp;
import dev.samlec.testkit.DemoTls;
import dev.samlec.testkit.ServiceProviderRegistration;
import dev.samlec.testkit.TrustingDemoCa;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
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
    private static LdapFixture ldap;
    private static DemoTls tls;
    private static DemoIdp idp;
    private static TlsListener ldaps;
    private static KeyStore alice;

    @BeforeAll
    static void start() throws Exception {
        ldap = new LdapFixture();
        tls = DemoTls.generate();
        alice = tls.clientKeyStore("alice");
        idp = DemoIdp.builder().directory(ldap.directory).https(tls.serverKeyStore(), DemoTls.password())
                .trustClientCertificates(List.of(tls.caCertificate())).start();
        idp.registerServiceProvider(ServiceProviderRegistration.builder(LdapFixture.ENTITY)
                .acsUrls(List.of(LdapFixture.SERVICE)).signingCertificate(TestCredentials.spSigning().certificate())
                .build());
        SamlecAcceptor holderOfKeyOnly = SamlecAcceptor.builder(ServiceProviderSettings.builder()
                .entityId(LdapFixture.ENTITY).assertionConsumerServiceUrl(LdapFixture.SERVICE)
                .signingKey(TestCredentials.spSigning())
                .idpTrust(IdpTrust.of(idp.entityId(), List.of(idp.signingCertificate())))
                .confirmationMethods(ConfirmationMethods.HOLDER_OF_KEY).build()).build();
        ldaps = TlsListener.start(ldap, dir, true, holderOfKeyOnly, tls, true);
    }

    @AfterAll
    static void stop() {
        ldaps.close();
        idp.close();
        ldap.close();
    }

    private static IdpEndpoint idpEndpoint() throws Exception {
        return IdpEndpoint.builder(idp.entityId(), idp.ssoUrl()).trust(TlsTrust.pinned(List.of(tls.caCertificate())))
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A SAML20EC bind over LDAPS presenting {@code onConnection} (null: no certificate), holder-of-key with alice. */
    private static LdapContext bind(KeyStore onConnection, boolean holderOfKey) throws Exception {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldaps://127.0.0.1:" + ldaps.port());
        env.put(Context.SECURITY_AUTHENTICATION, SamlecSasl.SAML20EC);
        if (onConnection != null) {
            PresentingClientKey.use(onConnection, DemoTls.password(), tls.caCertificate());
            env.put("java.naming.ldap.factory.socket", PresentingClientKey.class.getName());
        } else {
            TrustingDemoCa.trust(tls.caCertificate());
            env.put("java.naming.ldap.factory.socket", TrustingDemoCa.class.getName());
        }
        env.put(SamlecSasl.IDPS, List.of(idpEndpoint()));
        if (holderOfKey) {
            env.put(SamlecSasl.HOLDER_OF_KEY, IdpCredentials.clientCertificate(alice, DemoTls.password()));
        } else {
            env.put(SamlecSasl.IDPS, List.of(idpEndpoint().withCredentials(
                    IdpCredentials.clientCertificate(alice, DemoTls.password()))));
        }
        env.put("com.sun.jndi.ldap.connect.timeout", "10000");
        env.put("com.sun.jndi.ldap.read.timeout", "30000");
        return new InitialLdapContext(env, null);
    }

    @Test
    void bindWhenConnectionKeyIsAssertionKeyThenWhoAmIIsAlice() throws Exception {
        LdapContext context = bind(alice, true);
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
        assertThatThrownBy(() -> bind(tls.clientKeyStore("bob"), true)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid_subject_confirmation");
    }

    @Test
    void bindWhenBearerClientOnHolderOfKeyOnlyServiceThenRefused() {
        assertThatThrownBy(() -> bind(alice, false)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("invalid_subject_confirmation");
    }
}
